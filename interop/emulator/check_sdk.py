"""The official CloudSSO Python SDK against `cloudsso serve`.

Calls both MFA operations with the SDK's default V3 signing (ACS3-HMAC-SHA256) and with V2
(`signature_algorithm='v2'`, which the SDK's `call_api` routes to `do_rpcrequest`), checks
that state round-trips, and that a wrong secret, an unknown directory and an invalid status
value raise the SDK's own exceptions (TeaException subclasses) with the right codes.

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
    print(f"{checks - len(failures)} passed, {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
