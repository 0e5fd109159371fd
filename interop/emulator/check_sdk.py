"""The official CloudSSO Python SDK against `cloudsso serve`.

With the SDK's default V3 signing (ACS3-HMAC-SHA256) and with V2 (`signature_algorithm='v2'`,
which the SDK's `call_api` routes to `do_rpcrequest`):
- both original MFA operations round-trip state; a wrong secret, an unknown directory and an
  invalid status value raise the SDK's own exceptions (TeaException subclasses) with the
  right codes;
- CreateDirectory, GetDirectory, ListDirectories and DeleteDirectory agree with each other
  (then the directory is EntityNotExists.Directory), and an invalid name is refused;
- UpdateMFAAuthenticationSettings (the policy, OperationForRiskLogin and the JSON-encoded
  AllowedVerificationTypes) is what GetMFAAuthenticationSettings,
  GetMFAAuthenticationSettingInfo and GetMFAAuthenticationStatus report, and
  Update/GetUserMFAAuthenticationSettings keep a user's own setting;
- an unknown action raises InvalidAction.NotFound;
- the directory family (directory_family) and identity (identity) run a realistic scenario
  through every operation of theirs: IDs chained from earlier answers, every create visible
  in get and list, updates visible, deletes followed by EntityNotExists.*, deletion
  conflicts, duplicates, pagination across pages;
- a user provisioning whose RAM user names are taken (seeded through the admin interface)
  leaves a failed event that a retry with DuplicationStrategy=TakeOver resolves.

Usage: check_sdk.py ENDPOINT (host:port of the emulator, plain HTTP).
"""

import json
import sys
import urllib.request

from alibabacloud_cloudsso20210515 import models
from alibabacloud_cloudsso20210515.client import Client
from alibabacloud_tea_openapi import utils_models
from darabonba.runtime import RuntimeOptions
from Tea.exceptions import TeaException

DIRECTORY = "d-00fc2p61****"
failures = []
checks = 0


def client(endpoint, secret="testsecret", v2=False):
    config = utils_models.Config(
        access_key_id="testid",
        access_key_secret=secret,
        endpoint=endpoint,
        protocol="http",
        region_id="cn-shanghai",
    )
    if v2:
        config.signature_algorithm = "v2"
    return Client(config)


def runtime():
    # No retries: every answer is judged as the emulator gave it.
    return RuntimeOptions(autoretry=False, max_attempts=1)


def check(name, condition, detail=""):
    global checks
    checks += 1
    if condition:
        print(f"PASS {name}")
    else:
        failures.append(name)
        print(f"FAIL {name} {detail}")


def expect_error(name, code, call):
    try:
        call()
    except TeaException as error:
        check(
            f"{name} raises {code}",
            error.code == code and bool(getattr(error, "request_id", None) or error.data),
            f"(got {type(error).__name__} code={error.code!r} message={error.message!r})",
        )
    except Exception as error:  # noqa: BLE001 - report anything else as a failure
        check(f"{name} raises {code}", False, f"(got {type(error).__name__}: {error})")
    else:
        check(f"{name} raises {code}", False, "(no exception)")


def directories_and_settings(endpoint, label, v2):
    sdk = client(endpoint, v2=v2)
    name = f"interop-{label.lower()}"
    created = sdk.create_directory_with_options(
        models.CreateDirectoryRequest(directory_name=name), runtime()
    ).body.directory
    directory = created.directory_id if created else None
    check(
        f"{label} CreateDirectory",
        created is not None
        and directory.startswith("d-")
        and created.directory_name == name
        and bool(created.region)
        and bool(created.create_time),
        f"({created.to_map() if created else None})",
    )
    got = sdk.get_directory_with_options(
        models.GetDirectoryRequest(directory_id=directory), runtime()
    ).body.directory
    check(
        f"{label} GetDirectory reads back CreateDirectory",
        got is not None and got.to_map() == created.to_map(),
        f"({got.to_map() if got else None} vs {created.to_map()})",
    )
    listed = sdk.list_directories_with_options(runtime()).body
    ids = [d.directory_id for d in listed.directories or []]
    check(
        f"{label} ListDirectories lists both",
        DIRECTORY in ids and directory in ids and listed.total_counts == len(ids),
        f"({listed.to_map()})",
    )
    expect_error(
        f"{label} invalid directory name",
        "InvalidDirectoryName",
        lambda: sdk.create_directory_with_options(
            models.CreateDirectoryRequest(directory_name="d-Not_Valid"), runtime()
        ),
    )

    response = sdk.update_mfaauthentication_settings_with_options(
        models.UpdateMFAAuthenticationSettingsRequest(
            directory_id=directory,
            mfaauthentication_settings="Byuser",
            operation_for_risk_login="Autonomous",
            allowed_verification_types=["TOTP", "WebAuthn"],
        ),
        runtime(),
    )
    check(
        f"{label} UpdateMFAAuthenticationSettings",
        response.status_code == 200 and bool(response.body.request_id),
        f"({response.status_code} {response.body})",
    )
    settings = sdk.get_mfaauthentication_settings_with_options(
        models.GetMFAAuthenticationSettingsRequest(directory_id=directory), runtime()
    ).body
    check(
        f"{label} GetMFAAuthenticationSettings reads back Byuser",
        settings.mfaauthentication_advance_settings == "Byuser",
        f"({settings.to_map()})",
    )
    info = sdk.get_mfaauthentication_setting_info_with_options(
        models.GetMFAAuthenticationSettingInfoRequest(directory_id=directory), runtime()
    ).body.mfaauthentication_setting_info
    check(
        f"{label} GetMFAAuthenticationSettingInfo agrees",
        info is not None
        and info.mfa_authentication_advance_settings == "Byuser"
        and info.operation_for_risk_login == "Autonomous"
        and info.allowed_verification_types == ["TOTP", "WebAuthn"],
        f"({info.to_map() if info else None})",
    )
    status = sdk.get_mfaauthentication_status_with_options(
        models.GetMFAAuthenticationStatusRequest(directory_id=directory), runtime()
    ).body
    check(
        f"{label} GetMFAAuthenticationStatus agrees",
        status.mfaauthentication_status == "Enabled",
        f"({status.to_map()})",
    )
    user_id = sdk.create_user_with_options(
        models.CreateUserRequest(directory_id=directory, user_name="interop"), runtime()
    ).body.user.user_id
    sdk.update_user_mfaauthentication_settings_with_options(
        models.UpdateUserMFAAuthenticationSettingsRequest(
            directory_id=directory,
            user_id=user_id,
            user_mfaauthentication_settings="Disabled",
        ),
        runtime(),
    )
    user = sdk.get_user_mfaauthentication_settings_with_options(
        models.GetUserMFAAuthenticationSettingsRequest(directory_id=directory, user_id=user_id),
        runtime(),
    ).body
    check(
        f"{label} Update/GetUserMFAAuthenticationSettings",
        user.user_mfaauthentication_settings == "Disabled",
        f"({user.to_map()})",
    )

    sdk.delete_user_with_options(
        models.DeleteUserRequest(directory_id=directory, user_id=user_id), runtime()
    )
    response = sdk.delete_directory_with_options(
        models.DeleteDirectoryRequest(directory_id=directory), runtime()
    )
    check(
        f"{label} DeleteDirectory",
        response.status_code == 200 and bool(response.body.request_id),
        f"({response.status_code} {response.body})",
    )
    expect_error(
        f"{label} deleted directory",
        "EntityNotExists.Directory",
        lambda: sdk.get_directory_with_options(
            models.GetDirectoryRequest(directory_id=directory), runtime()
        ),
    )
    listed = sdk.list_directories_with_options(runtime()).body
    check(
        f"{label} ListDirectories after DeleteDirectory",
        directory not in [d.directory_id for d in listed.directories or []],
        f"({listed.to_map()})",
    )
    expect_error(
        f"{label} unknown action",
        "InvalidAction.NotFound",
        lambda: sdk.call_api(
            utils_models.Params(
                action="DeleteEverything",
                version="2021-05-15",
                protocol="HTTPS",
                pathname="/",
                method="POST",
                auth_type="AK",
                style="RPC",
                req_body_type="formData",
                body_type="json",
            ),
            utils_models.OpenApiRequest(query={"DirectoryId": DIRECTORY}),
            runtime(),
        ),
    )


MEMBER_ACCOUNT = "1142405247840001"


def poll_task(sdk, label, what, task_id):
    """Polls GetTaskStatus until the task leaves InProgress (at most 10 reads)."""
    seen = []
    for _ in range(10):
        status = sdk.get_task_status_with_options(
            models.GetTaskStatusRequest(directory_id=DIRECTORY, task_id=task_id), runtime()
        ).body.task_status
        seen.append(status.status)
        if status.status != "InProgress":
            break
    check(
        f"{label} {what}: task polled to Success",
        seen[-1] == "Success" and bool(status.end_time) and status.task_id == task_id,
        f"({seen})",
    )


def provisioning(sdk, ac_id):
    """The AC's provisioning on MEMBER_ACCOUNT, or None."""
    listed = sdk.list_access_configuration_provisionings_with_options(
        models.ListAccessConfigurationProvisioningsRequest(
            directory_id=DIRECTORY,
            access_configuration_id=ac_id,
            target_type="RD-Account",
            target_id=MEMBER_ACCOUNT,
        ),
        runtime(),
    ).body.access_configuration_provisionings
    return listed[0] if listed else None


def access_family(endpoint, label, v2):
    """The access family in one scenario: users and a group, an access configuration with
    System and Inline policies, assignments that provision it, re-provisioning after a
    policy change, the deletion conflicts, tasks polled to a terminal state, pagination with
    a deletion between pages, and a RAM user provisioning with its configuration."""
    sdk = client(endpoint, v2=v2)
    d = DIRECTORY
    tag = label.lower()
    user = sdk.create_user_with_options(
        models.CreateUserRequest(directory_id=d, user_name=f"access-{tag}"), runtime()
    ).body.user.user_id
    group = sdk.create_group_with_options(
        models.CreateGroupRequest(directory_id=d, group_name=f"access-{tag}"), runtime()
    ).body.group.group_id

    created = sdk.create_access_configuration_with_options(
        models.CreateAccessConfigurationRequest(
            directory_id=d,
            access_configuration_name=f"Admins-{tag}",
            session_duration=7200,
            relay_state="https://ecs.console.aliyun.com",
        ),
        runtime(),
    ).body.access_configuration
    ac = created.access_configuration_id
    check(
        f"{label} CreateAccessConfiguration",
        ac.startswith("ac-") and created.session_duration == 7200 and bool(created.create_time),
        f"({created.to_map()})",
    )
    got = sdk.get_access_configuration_with_options(
        models.GetAccessConfigurationRequest(directory_id=d, access_configuration_id=ac),
        runtime(),
    ).body.access_configuration
    check(
        f"{label} GetAccessConfiguration reads back the create",
        got.to_map() == created.to_map(),
        f"({got.to_map()} vs {created.to_map()})",
    )
    sdk.update_access_configuration_with_options(
        models.UpdateAccessConfigurationRequest(
            directory_id=d, access_configuration_id=ac, new_description="administrators"
        ),
        runtime(),
    )
    expect_error(
        f"{label} duplicate access configuration name",
        "EntityAlreadyExists.AccessConfiguration",
        lambda: sdk.create_access_configuration_with_options(
            models.CreateAccessConfigurationRequest(
                directory_id=d, access_configuration_name=f"admins-{tag}"
            ),
            runtime(),
        ),
    )
    listed = sdk.list_access_configurations_with_options(
        models.ListAccessConfigurationsRequest(
            directory_id=d, filter=f"AccessConfigurationName eq admins-{tag}"
        ),
        runtime(),
    ).body
    check(
        f"{label} ListAccessConfigurations filter shows the update",
        listed.total_counts == 1
        and listed.access_configurations[0].description == "administrators",
        f"({listed.to_map()})",
    )
    sdk.add_permission_policy_to_access_configuration_with_options(
        models.AddPermissionPolicyToAccessConfigurationRequest(
            directory_id=d,
            access_configuration_id=ac,
            permission_policy_type="System",
            permission_policy_name="AliyunECSReadOnlyAccess",
        ),
        runtime(),
    )
    sdk.add_permission_policy_to_access_configuration_with_options(
        models.AddPermissionPolicyToAccessConfigurationRequest(
            directory_id=d,
            access_configuration_id=ac,
            permission_policy_type="Inline",
            permission_policy_name="inline",
            inline_policy_document='{"Version":"1","Statement":[]}',
        ),
        runtime(),
    )
    policies = sdk.list_permission_policies_in_access_configuration_with_options(
        models.ListPermissionPoliciesInAccessConfigurationRequest(
            directory_id=d, access_configuration_id=ac
        ),
        runtime(),
    ).body
    check(
        f"{label} ListPermissionPoliciesInAccessConfiguration",
        policies.total_counts == 2
        and [p.permission_policy_type for p in policies.permission_policies]
        == ["System", "Inline"],
        f"({policies.to_map()})",
    )

    # Assignments provision the AC; their tasks are polled to Success.
    for kind, principal in (("User", user), ("Group", group)):
        task = sdk.create_access_assignment_with_options(
            models.CreateAccessAssignmentRequest(
                directory_id=d,
                access_configuration_id=ac,
                target_type="RD-Account",
                target_id=MEMBER_ACCOUNT,
                principal_type=kind,
                principal_id=principal,
            ),
            runtime(),
        ).body.task
        check(
            f"{label} CreateAccessAssignment ({kind}) answers a task",
            task.task_id.startswith("t-") and task.task_type == "CreateAccessAssignment",
            f"({task.to_map()})",
        )
        poll_task(sdk, label, f"CreateAccessAssignment ({kind})", task.task_id)
    expect_error(
        f"{label} duplicate assignment",
        "EntityAlreadyExists.AccessAssignment",
        lambda: sdk.create_access_assignment_with_options(
            models.CreateAccessAssignmentRequest(
                directory_id=d,
                access_configuration_id=ac,
                target_type="RD-Account",
                target_id=MEMBER_ACCOUNT,
                principal_type="User",
                principal_id=user,
            ),
            runtime(),
        ),
    )
    assignments = sdk.list_access_assignments_with_options(
        models.ListAccessAssignmentsRequest(directory_id=d, access_configuration_id=ac),
        runtime(),
    ).body
    check(
        f"{label} ListAccessAssignments",
        assignments.total_counts == 2
        and {a.principal_id for a in assignments.access_assignments} == {user, group},
        f"({assignments.to_map()})",
    )
    provisioned = provisioning(sdk, ac)
    check(
        f"{label} the assignment provisioned the AC",
        provisioned is not None
        and provisioned.status == "Provisioned"
        and provisioned.ramrole_name == f"AliyunReservedSSO-Admins-{tag}"
        and provisioned.samlprovider_name == f"AliyunReservedSSO-{d}",
        f"({provisioned.to_map() if provisioned else None})",
    )

    # A policy change requires re-provisioning; provisioning again clears it.
    sdk.update_inline_policy_for_access_configuration_with_options(
        models.UpdateInlinePolicyForAccessConfigurationRequest(
            directory_id=d,
            access_configuration_id=ac,
            inline_policy_name="inline",
            new_inline_policy_document='{"Version":"1","Statement":[{"Effect":"Allow","Action":"ecs:Describe*","Resource":"*"}]}',
        ),
        runtime(),
    )
    flagged = sdk.list_access_configurations_with_options(
        models.ListAccessConfigurationsRequest(
            directory_id=d, status_notifications="ReprovisionRequired"
        ),
        runtime(),
    ).body
    check(
        f"{label} policy change: ReprovisionRequired",
        provisioning(sdk, ac).status == "ReprovisionRequired"
        and ac in [a.access_configuration_id for a in flagged.access_configurations],
        f"({flagged.to_map()})",
    )
    tasks = sdk.provision_access_configuration_with_options(
        models.ProvisionAccessConfigurationRequest(
            directory_id=d,
            access_configuration_id=ac,
            target_type="RD-Account",
            target_id=MEMBER_ACCOUNT,
        ),
        runtime(),
    ).body.tasks
    poll_task(sdk, label, "ProvisionAccessConfiguration", tasks[0].task_id)
    check(
        f"{label} re-provisioned",
        provisioning(sdk, ac).status == "Provisioned",
        f"({provisioning(sdk, ac).to_map()})",
    )

    # The deletion conflicts.
    expect_error(
        f"{label} delete an assigned AC",
        "DeletionConflict.AccessConfiguration.AccessAssignment",
        lambda: sdk.delete_access_configuration_with_options(
            models.DeleteAccessConfigurationRequest(directory_id=d, access_configuration_id=ac),
            runtime(),
        ),
    )
    expect_error(
        f"{label} deprovision an assigned AC",
        "DeletionConflict.AccessConfigurationProvisioning.AccessAssignment",
        lambda: sdk.deprovision_access_configuration_with_options(
            models.DeprovisionAccessConfigurationRequest(
                directory_id=d,
                access_configuration_id=ac,
                target_type="RD-Account",
                target_id=MEMBER_ACCOUNT,
            ),
            runtime(),
        ),
    )
    expect_error(
        f"{label} delete an assigned user",
        "DeletionConflict.User.AccessAssigment",
        lambda: sdk.delete_user_with_options(
            models.DeleteUserRequest(directory_id=d, user_id=user), runtime()
        ),
    )
    for kind, principal, strategy in (
        ("User", user, "None"),
        ("Group", group, "DeprovisionForLastAccessAssignmentOnAccount"),
    ):
        task = sdk.delete_access_assignment_with_options(
            models.DeleteAccessAssignmentRequest(
                directory_id=d,
                access_configuration_id=ac,
                target_type="RD-Account",
                target_id=MEMBER_ACCOUNT,
                principal_type=kind,
                principal_id=principal,
                deprovision_strategy=strategy,
            ),
            runtime(),
        ).body.task
        poll_task(sdk, label, f"DeleteAccessAssignment ({kind})", task.task_id)
    check(
        f"{label} the last assignment deprovisioned the AC",
        provisioning(sdk, ac) is None,
        "",
    )
    listed_tasks = sdk.list_tasks_with_options(
        models.ListTasksRequest(directory_id=d, access_configuration_id=ac), runtime()
    ).body
    check(
        f"{label} ListTasks lists the AC's five tasks, all done",
        listed_tasks.total_counts == 5
        and all(t.status == "Success" for t in listed_tasks.tasks),
        f"({listed_tasks.to_map()})",
    )
    expect_error(
        f"{label} delete an AC with policies",
        "DeletionConflict.AccessConfiguration.PermissionPolicy",
        lambda: sdk.delete_access_configuration_with_options(
            models.DeleteAccessConfigurationRequest(directory_id=d, access_configuration_id=ac),
            runtime(),
        ),
    )
    sdk.delete_access_configuration_with_options(
        models.DeleteAccessConfigurationRequest(
            directory_id=d, access_configuration_id=ac, force_remove_permission_policies=True
        ),
        runtime(),
    )
    expect_error(
        f"{label} deleted AC",
        "EntityNotExists.AccessConfiguration",
        lambda: sdk.get_access_configuration_with_options(
            models.GetAccessConfigurationRequest(directory_id=d, access_configuration_id=ac),
            runtime(),
        ),
    )

    # Pagination: 12 ACs in pages of 5, one deleted between pages.
    ids = [
        sdk.create_access_configuration_with_options(
            models.CreateAccessConfigurationRequest(
                directory_id=d, access_configuration_name=f"page-{tag}-{i:02}"
            ),
            runtime(),
        ).body.access_configuration.access_configuration_id
        for i in range(12)
    ]
    seen, token, pages = [], None, 0
    while True:
        page = sdk.list_access_configurations_with_options(
            models.ListAccessConfigurationsRequest(
                directory_id=d,
                filter=f"AccessConfigurationName sw page-{tag}-",
                max_results=5,
                next_token=token,
            ),
            runtime(),
        ).body
        pages += 1
        seen += [a.access_configuration_id for a in page.access_configurations]
        token = page.next_token
        if not page.is_truncated:
            break
        if pages == 1:
            sdk.delete_access_configuration_with_options(
                models.DeleteAccessConfigurationRequest(
                    directory_id=d, access_configuration_id=ids[-1]
                ),
                runtime(),
            )
    check(
        f"{label} pages partition the list across a deletion",
        pages == 3 and seen == ids[:-1],
        f"(pages={pages} seen={seen})",
    )
    expect_error(
        f"{label} a forged NextToken",
        "InvalidNextToken",
        lambda: sdk.list_access_configurations_with_options(
            models.ListAccessConfigurationsRequest(directory_id=d, next_token="forged"),
            runtime(),
        ),
    )
    for ac_id in ids[:-1]:
        sdk.delete_access_configuration_with_options(
            models.DeleteAccessConfigurationRequest(directory_id=d, access_configuration_id=ac_id),
            runtime(),
        )

    # A RAM user provisioning and the directory's provisioning configuration.
    up = sdk.create_user_provisioning_with_options(
        models.CreateUserProvisioningRequest(
            directory_id=d,
            principal_type="User",
            principal_id=user,
            target_type="RD-Account",
            target_id=MEMBER_ACCOUNT,
            duplication_strategy="KeepBoth",
            deletion_strategy="Keep",
        ),
        runtime(),
    ).body.user_provisioning
    up_id = up.user_provisioning_id
    check(
        f"{label} CreateUserProvisioning",
        up_id.startswith("up-") and up.status == "Enabled" and up.principal_name == f"access-{tag}",
        f"({up.to_map()})",
    )
    sdk.update_user_provisioning_with_options(
        models.UpdateUserProvisioningRequest(
            directory_id=d, user_provisioning_id=up_id, new_deletion_strategy="Delete"
        ),
        runtime(),
    )
    got = sdk.get_user_provisioning_with_options(
        models.GetUserProvisioningRequest(directory_id=d, user_provisioning_id=up_id), runtime()
    ).body.user_provisioning
    statistics = sdk.get_user_provisioning_statistics_with_options(
        models.GetUserProvisioningStatisticsRequest(directory_id=d, user_provisioning_id=up_id),
        runtime(),
    ).body.user_provisioning_statistics
    events = sdk.list_user_provisioning_events_with_options(
        models.ListUserProvisioningEventsRequest(directory_id=d, user_provisioning_id=up_id),
        runtime(),
    ).body
    check(
        f"{label} user provisioning: update, statistics, events",
        got.deletion_strategy == "Delete"
        and statistics.failed_event_count == 0
        and statistics.type == "User Provisioning"
        and events.total_counts == 0,
        f"({got.to_map()} {statistics.to_map()} {events.to_map()})",
    )
    failed_provisioning(sdk, endpoint, label, d, tag)
    sdk.update_user_provisioning_configuration_with_options(
        models.UpdateUserProvisioningConfigurationRequest(
            directory_id=d, new_session_duration=8
        ),
        runtime(),
    )
    configuration = sdk.get_user_provisioning_configuration_with_options(
        models.GetUserProvisioningConfigurationRequest(directory_id=d), runtime()
    ).body.user_provisioning_configuration
    check(
        f"{label} UserProvisioningConfiguration",
        configuration.session_duration == 8
        and configuration.default_landing_page == "https://homenew.console.aliyun.com",
        f"({configuration.to_map()})",
    )
    sdk.delete_user_provisioning_with_options(
        models.DeleteUserProvisioningRequest(directory_id=d, user_provisioning_id=up_id), runtime()
    )
    expect_error(
        f"{label} deleted user provisioning",
        "EntityNotExists.UserProvisioning",
        lambda: sdk.get_user_provisioning_with_options(
            models.GetUserProvisioningRequest(directory_id=d, user_provisioning_id=up_id),
            runtime(),
        ),
    )
    sdk.delete_user_with_options(models.DeleteUserRequest(directory_id=d, user_id=user), runtime())
    sdk.delete_group_with_options(
        models.DeleteGroupRequest(directory_id=d, group_id=group), runtime()
    )


def failed_provisioning(sdk, endpoint, label, d, tag):
    """A provisioning whose RAM user names are taken (seeded through the admin interface)
    fails with an event; a retry with TakeOver resolves it."""
    name = f"upe-{tag}"
    taken = {f"{MEMBER_ACCOUNT}/{name}": {}, f"{MEMBER_ACCOUNT}/{name}_sso": {}}
    seed = json.dumps({"accounts": {"1234567890123456": {"ram_users": taken}}}).encode()
    request = urllib.request.Request(
        f"http://{endpoint}/_emulator/seed", data=seed, method="POST"
    )
    with urllib.request.urlopen(request, timeout=10) as answer:
        check(f"{label} seed RAM users", answer.status == 200, f"({answer.status})")
    user = sdk.create_user_with_options(
        models.CreateUserRequest(directory_id=d, user_name=name), runtime()
    ).body.user.user_id
    up_id = sdk.create_user_provisioning_with_options(
        models.CreateUserProvisioningRequest(
            directory_id=d,
            principal_type="User",
            principal_id=user,
            target_type="RD-Account",
            target_id=MEMBER_ACCOUNT,
            duplication_strategy="KeepBoth",
            deletion_strategy="Keep",
        ),
        runtime(),
    ).body.user_provisioning.user_provisioning_id
    listed = sdk.list_user_provisioning_events_with_options(
        models.ListUserProvisioningEventsRequest(directory_id=d, user_provisioning_id=up_id),
        runtime(),
    ).body
    event = listed.user_provisioning_events[0] if listed.user_provisioning_events else None
    check(
        f"{label} a taken RAM user name is a failed event",
        listed.total_counts == 1
        and event is not None
        and event.event_id.startswith("upe-")
        and event.source_type == "StartProvisioning"
        and event.principal_name == name
        and event.error_count == 1
        and event.error_info == "OperationConflict.UserProvisioning.Process.fail.ImsUserExists",
        f"({listed.to_map()})",
    )
    if event is not None:
        sdk.retry_user_provisioning_event_with_options(
            models.RetryUserProvisioningEventRequest(
                directory_id=d, event_id=event.event_id, duplication_strategy="TakeOver"
            ),
            runtime(),
        )
        expect_error(
            f"{label} a retry with TakeOver resolves the event",
            "EntityNotExists.UserProvisioningEvent",
            lambda: sdk.get_user_provisioning_event_with_options(
                models.GetUserProvisioningEventRequest(directory_id=d, event_id=event.event_id),
                runtime(),
            ),
        )
    sdk.delete_user_provisioning_with_options(
        models.DeleteUserProvisioningRequest(directory_id=d, user_provisioning_id=up_id), runtime()
    )
    sdk.delete_user_with_options(models.DeleteUserRequest(directory_id=d, user_id=user), runtime())


# Self-signed RSA certificates (10 years) standing for an external IdP's signing keys.
IDP_CERTIFICATE = """-----BEGIN CERTIFICATE-----
MIIDWzCCAkOgAwIBAgIUBB4LxA8F6mvTZlhjsFX2UJGa/IEwDQYJKoZIhvcNAQEL
BQAwPTELMAkGA1UEBhMCVVMxEDAOBgNVBAoMB0ludGVyb3AxHDAaBgNVBAMME2lk
cC5pbnRlcm9wLmV4YW1wbGUwHhcNMjYxMjAxMTcyNTE5WhcNMzYxMTI4MTcyNTE5
WjA9MQswCQYDVQQGEwJVUzEQMA4GA1UECgwHSW50ZXJvcDEcMBoGA1UEAwwTaWRw
LmludGVyb3AuZXhhbXBsZTCCASIwDQYJKoZIhvcNAQEBBQADggEPADCCAQoCggEB
AJ6F0rRJpVZhHPTp4lP3zDhvqFXCs1Zei2jOR1FdUcaH84DgZbgu8Lp7qhj8uqtM
Q8Kwjz5u4Zn8mdlsRUwSuEXqM9uuh6nmBB4SO8S8r7UTuLXNPHpC5BtSyISypdff
9PR0hbHepxolsiITcfgUAFUaSQUL0ZN4ymEYTKPrA9DpDbO2oQC10yFHRqaQ1zLN
cAmEjbDBnLbHUgMbAeiWbz2pYwJeOaaDIRre+0C1qR84lOSEE+fVRNEr8M+hZKOI
EU9RrgXHZ/bycb7m7C90gc2DXNUJHZVN9AlYEEwFjcDNm/3+maeYBjlF7jKxNzO6
mX1RnDpn+2XR8NFqHeUblscCAwEAAaNTMFEwHQYDVR0OBBYEFM+nWP68bFsuVMZY
QiiWQicHrbQLMB8GA1UdIwQYMBaAFM+nWP68bFsuVMZYQiiWQicHrbQLMA8GA1Ud
EwEB/wQFMAMBAf8wDQYJKoZIhvcNAQELBQADggEBABoUcQYCsyV3sQXDNoKQSStf
RCpOmIph00Svbjg0uRw8hefweAAZ9FSlLm/FclkcIJqYplQWIZ/zCweyhp7L4NMK
toqKiH5ms4XzJOx5/U3hNMbceFgLRu1UNw5a/KhBT+WfRWSlaU1jLestViuPBgpK
xHxqePrKcU2Sxf05lhVFEF+HJAB2O+AGLjp3+2LT7zE8fJ96QjDZ7fGj4x35uF1p
ZDZ3ZAk6PgRTQ5o32QeYjuPNweHEPB8SNqtUwdA8JzYOQK7wUZxboU7SWtt+sX4g
khVj/j5DKfiqtyNrV7vEtFBUeQ9y/wnLlwqmPC4DzzQ6C8tKz0tBjGXlayYHq/Q=
-----END CERTIFICATE-----"""
IDP_CERTIFICATE_2 = """-----BEGIN CERTIFICATE-----
MIIDXTCCAkWgAwIBAgIUQHDoM2K5hR60iB9VmjzA25fjDZwwDQYJKoZIhvcNAQEL
BQAwPjELMAkGA1UEBhMCVVMxEDAOBgNVBAoMB0ludGVyb3AxHTAbBgNVBAMMFGlk
cDIuaW50ZXJvcC5leGFtcGxlMB4XDTI2MTIwMTE3MjUxOVoXDTM2MTEyODE3MjUx
OVowPjELMAkGA1UEBhMCVVMxEDAOBgNVBAoMB0ludGVyb3AxHTAbBgNVBAMMFGlk
cDIuaW50ZXJvcC5leGFtcGxlMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKC
AQEA37F7F2f8Os2IxiWFkr+vsb5lj0XoeJpP8G3aP9DS1RbouLNOG4bb3MyPvF+W
yOMjOnh7e+5B1hkyRsPLyyRyOyMHNnc/EodMXI7HvhZMtJyQBdBVIuxSr5ujzhiA
aNRI3v6eGJb/zv7cn55HNkuJz6VzzE+7nOMyeh+/DFaB5E3va6zcGaXYqD45T6wn
PgTSCn3Ubgw8OcLmjGuNdc6MIrNWU4ODgOwIizSIVlNRym+t6IVh84Z+D8vlrDVj
eRrfi7LKFJIm76Fuc+j1wVmAIBFtR5P3Vh+aMCk9PwwElGp+yyW2vmQcqI0ZOwHt
p44LuiruCsfcWH/FllEpElYV2QIDAQABo1MwUTAdBgNVHQ4EFgQU9uybxAydd66O
m1FuEDjOl/WWWnowHwYDVR0jBBgwFoAU9uybxAydd66Om1FuEDjOl/WWWnowDwYD
VR0TAQH/BAUwAwEB/zANBgkqhkiG9w0BAQsFAAOCAQEAmzIXHzgM4kwcrXHJwZNs
r7PnELNXmY5t0tSfJgyQA0hNqHJsnkpdL04+RNExpeYoc9OYgho7xVOzZvQU4e9o
4GFX4jo3Wi7XMW50DnHA0NzZx3rqXGOqbemH1N1g7MgNzkukJi5L2I+ZsTWiOScQ
fMtx1Ydzr1fnlhQCjnxrGZRGfO9hhTKgxh4vcaPWiI8PRZBh7Hwgysn+rJzZRrKb
EpJ+t0Xe5CtHIX9uOexFBqaKxQ8G8xG7E1Ug68kNKtD3ZuR0Uv3B3F9Yl2TRvwLj
SiwOQzG2HeNa3dlhWYYGJhizJ9DVx4ccN3/EiH2ZIRZDry2+JHMxgM+ulU4RAQ5R
Rw==
-----END CERTIFICATE-----"""


def call(sdk, operation, request=None):
    """`operation`_with_options of the SDK with `request` (if the operation takes one)."""
    method = getattr(sdk, f"{operation}_with_options")
    if request is None:
        return method(runtime()).body
    return method(request, runtime()).body


def directory_family(endpoint, label, v2):
    """The directory family: service status, delegate accounts, a directory's life
    (create, rename, settings, SAML IdP and certificates, SP info, SCIM), its statistics
    and deletion conflicts."""
    sdk = client(endpoint, v2=v2)
    status = call(sdk, "get_service_status").service_status
    check(
        f"{label} GetServiceStatus",
        status.status == "Enabled" and len(status.account_id or "") == 16
        and status.prerequisite_check_result is None,
        f"({status.to_map()})",
    )
    expect_error(
        f"{label} DisableService with a directory",
        "OperationConflict.Service.DirectoryExists",
        lambda: call(sdk, "disable_service"),
    )
    call(sdk, "enable_service")

    call(sdk, "enable_delegate_account", models.EnableDelegateAccountRequest(account_id="1111222233334444"))
    expect_error(
        f"{label} second EnableDelegateAccount",
        "EntityAlreadyExists.DelegateAccount",
        lambda: call(sdk, "enable_delegate_account", models.EnableDelegateAccountRequest(account_id="1111222233335555")),
    )
    call(sdk, "disable_delegate_account", models.DisableDelegateAccountRequest(account_id="1111222233334444"))
    expect_error(
        f"{label} DisableDelegateAccount twice",
        "EntityNotExists.DelegateAccount",
        lambda: call(sdk, "disable_delegate_account", models.DisableDelegateAccountRequest(account_id="1111222233334444")),
    )

    directory = call(
        sdk, "create_directory", models.CreateDirectoryRequest(directory_name=f"family-{label.lower()}")
    ).directory.directory_id
    renamed = call(
        sdk,
        "update_directory",
        models.UpdateDirectoryRequest(directory_id=directory, new_directory_name=f"renamed-{label.lower()}"),
    ).directory
    got = call(sdk, "get_directory", models.GetDirectoryRequest(directory_id=directory)).directory
    listed = call(sdk, "list_directories").directories
    check(
        f"{label} UpdateDirectory visible in Get and List",
        renamed.directory_name == f"renamed-{label.lower()}"
        and got.to_map() == renamed.to_map()
        and any(d.to_map() == renamed.to_map() for d in listed),
        f"({renamed.to_map()} {got.to_map()})",
    )

    call(
        sdk,
        "set_login_preference",
        models.SetLoginPreferenceRequest(
            directory_id=directory, allow_user_to_get_credentials=True, login_network_masks="10.0.0.0/8"
        ),
    )
    preference = call(sdk, "get_login_preference", models.GetLoginPreferenceRequest(directory_id=directory)).login_preference
    check(
        f"{label} Set/GetLoginPreference",
        preference.allow_user_to_get_credentials is True and preference.login_network_masks == "10.0.0.0/8",
        f"({preference.to_map()})",
    )
    call(
        sdk,
        "set_password_policy",
        models.SetPasswordPolicyRequest(directory_id=directory, min_password_length=10, max_password_age=60),
    )
    policy = call(sdk, "get_password_policy", models.GetPasswordPolicyRequest(directory_id=directory)).password_policy
    check(
        f"{label} Set/GetPasswordPolicy",
        policy.min_password_length == 10 and policy.max_password_age == 60 and policy.max_password_length == 32,
        f"({policy.to_map()})",
    )
    expect_error(
        f"{label} SetPasswordPolicy out of range",
        "InvalidMinPasswordLength",
        lambda: call(sdk, "set_password_policy", models.SetPasswordPolicyRequest(directory_id=directory, min_password_length=7)),
    )
    call(
        sdk,
        "update_attribute_passing_setting",
        models.UpdateAttributePassingSettingRequest(directory_id=directory, source_identity_passing="UserName"),
    )
    passing = call(
        sdk, "get_attribute_passing_setting", models.GetAttributePassingSettingRequest(directory_id=directory)
    ).attribute_passing_setting
    check(f"{label} Update/GetAttributePassingSetting", passing.source_identity_passing == "UserName", f"({passing.to_map()})")

    # The external IdP, by hand, with two certificates.
    config = call(
        sdk,
        "set_external_samlidentity_provider",
        models.SetExternalSAMLIdentityProviderRequest(
            directory_id=directory,
            entity_id="https://idp.interop.example/entity",
            login_url="https://idp.interop.example/sso",
            x_509certificate=IDP_CERTIFICATE,
            ssostatus="Enabled",
        ),
    ).samlidentity_provider_configuration
    got = call(
        sdk, "get_external_samlidentity_provider", models.GetExternalSAMLIdentityProviderRequest(directory_id=directory)
    ).samlidentity_provider_configuration
    check(
        f"{label} Set/GetExternalSAMLIdentityProvider",
        config.ssostatus == "Enabled" and got.to_map() == config.to_map() and len(config.certificate_ids or []) == 1,
        f"({config.to_map()})",
    )
    second = call(
        sdk,
        "add_external_samlid_pcertificate",
        models.AddExternalSAMLIdPCertificateRequest(directory_id=directory, x_509certificate=IDP_CERTIFICATE_2),
    ).certificate_id
    certificates = call(
        sdk, "list_external_samlid_pcertificates", models.ListExternalSAMLIdPCertificatesRequest(directory_id=directory)
    ).to_map()
    subjects = [c.get("Subject", "") for c in certificates.get("SAMLIdPCertificates", [])]
    check(
        f"{label} AddExternalSAMLIdPCertificate visible in the list",
        certificates.get("TotalCounts") == 2
        and second in [c["CertificateId"] for c in certificates["SAMLIdPCertificates"]]
        and any("idp2.interop.example" in s for s in subjects),
        f"({certificates})",
    )
    call(
        sdk,
        "remove_external_samlid_pcertificate",
        models.RemoveExternalSAMLIdPCertificateRequest(directory_id=directory, certificate_id=second),
    )
    expect_error(
        f"{label} removed certificate",
        "EntityNotExists.SAMLIdPCertificate",
        lambda: call(
            sdk,
            "remove_external_samlid_pcertificate",
            models.RemoveExternalSAMLIdPCertificateRequest(directory_id=directory, certificate_id=second),
        ),
    )
    provider = call(
        sdk,
        "get_directory_samlservice_provider_info",
        models.GetDirectorySAMLServiceProviderInfoRequest(directory_id=directory),
    ).samlservice_provider
    check(
        f"{label} GetDirectorySAMLServiceProviderInfo",
        provider.entity_id.endswith(f"/saml/sp/{directory}") and "/saml/acs/" in provider.acs_url,
        f"({provider.to_map()})",
    )
    statistics = call(
        sdk, "get_directory_statistics", models.GetDirectoryStatisticsRequest(directory_id=directory)
    ).directory_statistics
    check(
        f"{label} GetDirectoryStatistics SSOEnabled",
        statistics.ssoenabled is True and statistics.user_quota == 1000 and statistics.group_quota == 500,
        f"({statistics.to_map()})",
    )
    expect_error(
        f"{label} ClearExternalSAMLIdentityProvider while enabled",
        "OperationConflict.SSOEnabled",
        lambda: call(sdk, "clear_external_samlidentity_provider", models.ClearExternalSAMLIdentityProviderRequest(directory_id=directory)),
    )
    expect_error(
        f"{label} DeleteDirectory with an IdP",
        "DeletionConflict.Directory.SAMLIdentityProvider",
        lambda: call(sdk, "delete_directory", models.DeleteDirectoryRequest(directory_id=directory)),
    )
    call(
        sdk,
        "set_external_samlidentity_provider",
        models.SetExternalSAMLIdentityProviderRequest(directory_id=directory, ssostatus="Disabled"),
    )
    call(sdk, "clear_external_samlidentity_provider", models.ClearExternalSAMLIdentityProviderRequest(directory_id=directory))
    cleared = call(
        sdk, "get_external_samlidentity_provider", models.GetExternalSAMLIdentityProviderRequest(directory_id=directory)
    ).samlidentity_provider_configuration
    check(f"{label} ClearExternalSAMLIdentityProvider", cleared.entity_id is None, f"({cleared.to_map()})")

    # SCIM: the secret only in the create answer.
    credential = call(
        sdk, "create_scimserver_credential", models.CreateSCIMServerCredentialRequest(directory_id=directory)
    ).scimserver_credential
    listed = call(sdk, "list_scimserver_credentials", models.ListSCIMServerCredentialsRequest(directory_id=directory)).to_map()
    check(
        f"{label} CreateSCIMServerCredential secret once",
        bool(credential.credential_secret)
        and listed.get("TotalCounts") == 1
        and listed["SCIMServerCredentials"][0]["CredentialId"] == credential.credential_id
        and "CredentialSecret" not in listed["SCIMServerCredentials"][0],
        f"({listed})",
    )
    updated = call(
        sdk,
        "update_scimserver_credential_status",
        models.UpdateSCIMServerCredentialStatusRequest(
            directory_id=directory, credential_id=credential.credential_id, new_status="Disabled"
        ),
    ).scimserver_credential
    check(f"{label} UpdateSCIMServerCredentialStatus", updated.status == "Disabled", f"({updated.to_map()})")
    call(
        sdk,
        "set_scimsynchronization_status",
        models.SetSCIMSynchronizationStatusRequest(directory_id=directory, scimsynchronization_status="Enabled"),
    )
    sync = call(
        sdk, "get_scimsynchronization_status", models.GetSCIMSynchronizationStatusRequest(directory_id=directory)
    ).scimsynchronization_status
    check(f"{label} Set/GetSCIMSynchronizationStatus", sync == "Enabled", f"({sync})")
    expect_error(
        f"{label} DeleteDirectory with a SCIM credential",
        "DeletionConflict.Directory.SCIMCredential",
        lambda: call(sdk, "delete_directory", models.DeleteDirectoryRequest(directory_id=directory)),
    )
    call(
        sdk,
        "delete_scimserver_credential",
        models.DeleteSCIMServerCredentialRequest(directory_id=directory, credential_id=credential.credential_id),
    )
    expect_error(
        f"{label} deleted SCIM credential",
        "EntityNotExists.SCIMCredential",
        lambda: call(
            sdk,
            "delete_scimserver_credential",
            models.DeleteSCIMServerCredentialRequest(directory_id=directory, credential_id=credential.credential_id),
        ),
    )
    call(sdk, "delete_directory", models.DeleteDirectoryRequest(directory_id=directory))
    expect_error(
        f"{label} deleted family directory",
        "EntityNotExists.Directory",
        lambda: call(sdk, "get_directory_statistics", models.GetDirectoryStatisticsRequest(directory_id=directory)),
    )


def identity(endpoint, label, v2):
    """Identity: users (pages, filters, updates, status, password, MFA), groups and
    memberships, their deletion conflicts, in a directory of their own."""
    sdk = client(endpoint, v2=v2)
    directory = call(
        sdk, "create_directory", models.CreateDirectoryRequest(directory_name=f"identity-{label.lower()}")
    ).directory.directory_id
    users = []
    for i in range(12):
        user = call(
            sdk,
            "create_user",
            models.CreateUserRequest(
                directory_id=directory,
                user_name=f"user{i:02}",
                email=f"user{i:02}@interop.example",
                display_name=f"User {i}",
                tags=[models.CreateUserRequestTags(key="team", value="interop")],
            ),
        ).user
        users.append(user)
    got = call(sdk, "get_user", models.GetUserRequest(directory_id=directory, user_id=users[0].user_id)).user
    check(
        f"{label} CreateUser visible in GetUser",
        got.user_name == "user00" and got.email == "user00@interop.example" and got.status == "Enabled"
        and got.provision_type == "Manual",
        f"({got.to_map()})",
    )
    expect_error(
        f"{label} duplicate user name",
        "EntityAlreadyExists.UserName",
        lambda: call(sdk, "create_user", models.CreateUserRequest(directory_id=directory, user_name="USER00")),
    )
    # Pages of 5 across a create and a delete between pages.
    seen = []
    first = call(sdk, "list_users", models.ListUsersRequest(directory_id=directory, max_results=5))
    seen += [u.user_id for u in first.users]
    call(sdk, "delete_user", models.DeleteUserRequest(directory_id=directory, user_id=users[11].user_id))
    late = call(sdk, "create_user", models.CreateUserRequest(directory_id=directory, user_name="user99")).user
    token = first.next_token
    pages = 1
    while token:
        page = call(sdk, "list_users", models.ListUsersRequest(directory_id=directory, max_results=5, next_token=token))
        seen += [u.user_id for u in page.users]
        token = page.next_token if page.is_truncated else None
        pages += 1
    expected = [u.user_id for u in users[:11]] + [late.user_id]
    check(
        f"{label} ListUsers pages partition the list",
        first.is_truncated and first.total_counts == 12 and pages == 3 and seen == expected,
        f"(pages={pages} seen={seen} expected={expected})",
    )
    filtered = call(sdk, "list_users", models.ListUsersRequest(directory_id=directory, filter="UserName sw USER0", max_results=100))
    check(f"{label} ListUsers filter", filtered.total_counts == 10, f"({filtered.total_counts})")
    expect_error(
        f"{label} deleted user",
        "EntityNotExists.User",
        lambda: call(sdk, "get_user", models.GetUserRequest(directory_id=directory, user_id=users[11].user_id)),
    )
    updated = call(
        sdk,
        "update_user",
        models.UpdateUserRequest(directory_id=directory, user_id=users[1].user_id, new_display_name="Renamed"),
    ).user
    got = call(sdk, "get_user", models.GetUserRequest(directory_id=directory, user_id=users[1].user_id)).user
    check(f"{label} UpdateUser visible", updated.display_name == "Renamed" and got.display_name == "Renamed", f"({got.to_map()})")
    call(
        sdk,
        "update_user_status",
        models.UpdateUserStatusRequest(directory_id=directory, user_id=users[1].user_id, new_status="Disabled"),
    )
    disabled = call(sdk, "list_users", models.ListUsersRequest(directory_id=directory, status="Disabled"))
    check(
        f"{label} UpdateUserStatus visible",
        [u.user_id for u in disabled.users] == [users[1].user_id],
        f"({disabled.to_map()})",
    )
    password = call(
        sdk,
        "reset_user_password",
        models.ResetUserPasswordRequest(directory_id=directory, user_id=users[2].user_id, generate_random_password=True),
    ).new_password
    check(f"{label} ResetUserPassword generated", bool(password) and len(password) >= 16, f"({password!r})")
    expect_error(
        f"{label} ResetUserPassword against the policy",
        "InvalidPassword",
        lambda: call(
            sdk,
            "reset_user_password",
            models.ResetUserPasswordRequest(directory_id=directory, user_id=users[2].user_id, password="weak"),
        ),
    )
    setting = call(
        sdk,
        "get_user_mfaauthentication_settings",
        models.GetUserMFAAuthenticationSettingsRequest(directory_id=directory, user_id=users[2].user_id),
    ).user_mfaauthentication_settings
    check(f"{label} new users' MFA setting", setting == "Enabled", f"({setting})")
    devices = call(
        sdk, "list_mfadevices_for_user", models.ListMFADevicesForUserRequest(directory_id=directory, user_id=users[2].user_id)
    )
    check(f"{label} ListMFADevicesForUser", devices.total_counts == 0, f"({devices.to_map()})")
    expect_error(
        f"{label} DeleteMFADeviceForUser unknown",
        "EntityNotExists.MFADevice",
        lambda: call(
            sdk,
            "delete_mfadevice_for_user",
            models.DeleteMFADeviceForUserRequest(directory_id=directory, user_id=users[2].user_id, mfadevice_id="mfa-none"),
        ),
    )
    expect_error(
        f"{label} GetUserId of an unknown external ID",
        "EntityNotExists.User",
        lambda: call(
            sdk,
            "get_user_id",
            models.GetUserIdRequest(
                directory_id=directory, external_id=models.GetUserIdRequestExternalId(id="c73a5fdd5", issuer="SCIM")
            ),
        ),
    )

    group = call(
        sdk, "create_group", models.CreateGroupRequest(directory_id=directory, group_name="interop-team", description="team")
    ).group
    got = call(sdk, "get_group", models.GetGroupRequest(directory_id=directory, group_id=group.group_id)).group
    listed = call(sdk, "list_groups", models.ListGroupsRequest(directory_id=directory, filter="GroupName eq INTEROP-TEAM"))
    check(
        f"{label} CreateGroup visible in Get and List",
        got.to_map() == group.to_map() and [g.group_id for g in listed.groups] == [group.group_id],
        f"({listed.to_map()})",
    )
    renamed = call(
        sdk,
        "update_group",
        models.UpdateGroupRequest(directory_id=directory, group_id=group.group_id, new_group_name="interop-renamed"),
    ).group
    got = call(sdk, "get_group", models.GetGroupRequest(directory_id=directory, group_id=group.group_id)).group
    check(f"{label} UpdateGroup visible", renamed.group_name == got.group_name == "interop-renamed", f"({got.to_map()})")
    for user in users[:7]:
        call(sdk, "add_user_to_group", models.AddUserToGroupRequest(directory_id=directory, group_id=group.group_id, user_id=user.user_id))
    expect_error(
        f"{label} AddUserToGroup twice",
        "EntityAlreadyExists.GroupMember",
        lambda: call(sdk, "add_user_to_group", models.AddUserToGroupRequest(directory_id=directory, group_id=group.group_id, user_id=users[0].user_id)),
    )
    members, token = [], None
    while True:
        page = call(
            sdk,
            "list_group_members",
            models.ListGroupMembersRequest(directory_id=directory, group_id=group.group_id, max_results=5, next_token=token),
        )
        members += page.group_members or []
        if not page.is_truncated:
            break
        token = page.next_token
    check(
        f"{label} ListGroupMembers pages",
        [m.user_id for m in members] == [u.user_id for u in users[:7]] and all(m.join_time for m in members),
        f"({[m.to_map() for m in members]})",
    )
    joined = call(
        sdk, "list_joined_groups_for_user", models.ListJoinedGroupsForUserRequest(directory_id=directory, user_id=users[0].user_id)
    )
    check(
        f"{label} ListJoinedGroupsForUser",
        [g.group_id for g in joined.joined_groups] == [group.group_id] and joined.joined_groups[0].group_name == "interop-renamed",
        f"({joined.to_map()})",
    )
    expect_error(
        f"{label} DeleteGroup with members",
        "DeletionConflict.Group.Member",
        lambda: call(sdk, "delete_group", models.DeleteGroupRequest(directory_id=directory, group_id=group.group_id)),
    )
    expect_error(
        f"{label} DeleteUser in a group",
        "DeletionConflict.User.Group",
        lambda: call(sdk, "delete_user", models.DeleteUserRequest(directory_id=directory, user_id=users[0].user_id)),
    )
    for user in users[:7]:
        call(
            sdk,
            "remove_user_from_group",
            models.RemoveUserFromGroupRequest(directory_id=directory, group_id=group.group_id, user_id=user.user_id),
        )
    call(sdk, "delete_group", models.DeleteGroupRequest(directory_id=directory, group_id=group.group_id))
    expect_error(
        f"{label} deleted group",
        "EntityNotExists.Group",
        lambda: call(sdk, "get_group", models.GetGroupRequest(directory_id=directory, group_id=group.group_id)),
    )
    for user_id in [u.user_id for u in users[:11]] + [late.user_id]:
        call(sdk, "delete_user", models.DeleteUserRequest(directory_id=directory, user_id=user_id))
    remaining = call(sdk, "list_users", models.ListUsersRequest(directory_id=directory))
    check(f"{label} every user deleted", remaining.total_counts == 0, f"({remaining.to_map()})")
    call(sdk, "delete_directory", models.DeleteDirectoryRequest(directory_id=directory))


def main():
    endpoint = sys.argv[1]
    for label, v2 in (("V3", False), ("V2", True)):
        sdk = client(endpoint, v2=v2)
        for status in ("Enabled", "Disabled"):
            response = sdk.set_mfaauthentication_status_with_options(
                models.SetMFAAuthenticationStatusRequest(
                    directory_id=DIRECTORY, mfaauthentication_status=status
                ),
                runtime(),
            )
            check(
                f"{label} SetMFAAuthenticationStatus {status}",
                response.status_code == 200 and bool(response.body.request_id),
                f"({response.status_code} {response.body})",
            )
            response = sdk.get_mfaauthentication_setting_info_with_options(
                models.GetMFAAuthenticationSettingInfoRequest(directory_id=DIRECTORY),
                runtime(),
            )
            info = response.body.mfaauthentication_setting_info
            check(
                f"{label} GetMFAAuthenticationSettingInfo reads back {status}",
                info is not None
                and info.mfa_authentication_advance_settings == status
                and info.operation_for_risk_login is None,
                f"({response.body.to_map()})",
            )
        expect_error(
            f"{label} wrong secret",
            "SignatureDoesNotMatch",
            lambda: client(endpoint, secret="wrong", v2=v2).get_mfaauthentication_setting_info_with_options(
                models.GetMFAAuthenticationSettingInfoRequest(directory_id=DIRECTORY), runtime()
            ),
        )
        expect_error(
            f"{label} unknown directory",
            "EntityNotExists.Directory",
            lambda: sdk.get_mfaauthentication_setting_info_with_options(
                models.GetMFAAuthenticationSettingInfoRequest(directory_id="d-unknown"), runtime()
            ),
        )
        expect_error(
            f"{label} invalid status value",
            "InvalidMFAAuthenticationStatus",
            lambda: sdk.set_mfaauthentication_status_with_options(
                models.SetMFAAuthenticationStatusRequest(
                    directory_id=DIRECTORY, mfaauthentication_status="Sometimes"
                ),
                runtime(),
            ),
        )
        directories_and_settings(endpoint, label, v2)
        directory_family(endpoint, label, v2)
        identity(endpoint, label, v2)
        access_family(endpoint, label, v2)
    print(f"{checks - len(failures)} passed, {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
