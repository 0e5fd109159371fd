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
- an operation the emulator does not implement raises InvalidAction.NotFound.

Usage: check_sdk.py ENDPOINT (host:port of the emulator, plain HTTP).
"""

import sys

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
    sdk.update_user_mfaauthentication_settings_with_options(
        models.UpdateUserMFAAuthenticationSettingsRequest(
            directory_id=directory,
            user_id="u-interop",
            user_mfaauthentication_settings="Disabled",
        ),
        runtime(),
    )
    user = sdk.get_user_mfaauthentication_settings_with_options(
        models.GetUserMFAAuthenticationSettingsRequest(directory_id=directory, user_id="u-interop"),
        runtime(),
    ).body
    check(
        f"{label} Update/GetUserMFAAuthenticationSettings",
        user.user_mfaauthentication_settings == "Disabled",
        f"({user.to_map()})",
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
        f"{label} operation not implemented",
        "InvalidAction.NotFound",
        lambda: sdk.list_users_with_options(
            models.ListUsersRequest(directory_id=DIRECTORY), runtime()
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
        # access_family(endpoint, label, v2): once users and groups are served (identity family)
    print(f"{checks - len(failures)} passed, {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
