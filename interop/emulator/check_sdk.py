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
    print(f"{checks - len(failures)} passed, {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
