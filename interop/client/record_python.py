#!/usr/bin/env python3
"""What the official CloudSSO Python SDK puts on the wire, recorded for the Rust client's test.

Each case is one call of `alibabacloud_cloudsso20210515` 1.7.0's client (its generated
`<operation>_with_options` method, so the SDK's own flattening of lists and objects and its
JSON encoding of `style: json` parameters apply), pointed over plain HTTP at a loopback
recorder (interop/client/recorder.py), with fixed credentials and the signing time and nonce
pinned (the SDK reads both from `alibabacloud_tea_openapi.utils.Utils.get_timestamp` /
`get_nonce`, which are replaced, as interop/signer/generate.py does). The request's inputs
are given by wire name (the model's `from_map`), the form the Rust model deserializes too.

Every operation of OPERATIONS is called in each of four ways: V3 (the SDK's default,
ACS3-HMAC-SHA256) and V2 (`signature_algorithm='v2'`, HMAC-SHA1), each with an access key
and with an STS token. The recorder answers `{"RequestId": ...}`, which the SDK accepts.

Anonymous operations (no credentials, no signature) are called too, V3 and V2: STS
`AssumeRoleWithOIDC`, as the generated STS SDK calls it (`Params` with
`auth_type='Anonymous'`, RPC, POST, the parameters in the query) through the same runtime's
`call_api`, with a client configured without any credentials (`"anonymous": true`,
`"product": "Sts"`).

Booleans: the Python SDK writes a boolean parameter as `str(value)`, `True`/`False`, where
the Go, Java and Node.js SDKs (and ours) write `true`/`false`. The request compared (`sdk`)
is the SDK's with each boolean input given as that string; the request of the same call with
Python booleans is kept beside it (`sdk_python_booleans`), and the Rust test checks that it
differs in the spelling of those values only.

The recorder listens on a loopback address of its own (127.x.y.z, drawn at random, port
chosen by the system): the SDK signs the `host` header, so the Rust test must send to the
same host and port, and binds them again; an address nobody else uses keeps that bind from
failing.

Usage: record_python.py --out cases.json
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.metadata
import json
import random
import re
import sys

import alibabacloud_tea_openapi.utils as sdk_utils
from alibabacloud_cloudsso20210515 import models
from alibabacloud_cloudsso20210515.client import Client
from alibabacloud_tea_openapi import utils_models
from alibabacloud_tea_openapi.client import Client as OpenApiClient
from darabonba.runtime import RuntimeOptions

from recorder import Recorder

SDK_PACKAGES = [
    "alibabacloud-cloudsso20210515",
    "alibabacloud-tea-openapi",
    "darabonba-core",
    "alibabacloud-credentials",
    "requests",
    "urllib3",
]

DIRECTORY = "d-00fc2p61****"
ACCESS_KEY_ID = "LTAI5tInteropClient0Key1"
ACCESS_KEY_SECRET = "InteropClientSecret0123456789ab"
# An STS token as they look: Base64 with '+', '/' and padding, which need encoding in V2.
SECURITY_TOKEN = (
    "CAIS8QF1q6Ft5B2yfSjIr5bkJ/3ynrVq+4yFMXDQ0msNTd9uiaDY0Dz2IHhMf3NpBOkev/02nGpT7PYclqB6"
    "T55OSAmcNZEoOt9m8/jiMeT7oMWQweEurv/MQBqyaXPS2MvVfJ+KLrf0ceusbFbpjzJ6xaCAGxypQ12iN+/m6/"
    "Ngdc9FHHPPD1x8CcxROxFppeIDKHLVLozNCBPxhXfKB0ca0WgVy7Q9+==="
)

# (operation, inputs by wire name): a plain query operation, the MFA family, flattened lists
# of objects (Tags), integers and booleans, `style: json` parameters (AllowedVerificationTypes,
# an array; ExternalId, an object), JSON text in a plain string (InlinePolicyDocument), and
# values that need percent-encoding (spaces, '*', '~', '+', '/', '=', '&', non-ASCII).
OPERATIONS: list[tuple[str, dict]] = [
    ("SetMFAAuthenticationStatus", {"DirectoryId": DIRECTORY, "MFAAuthenticationStatus": "Enabled"}),
    ("GetMFAAuthenticationSettingInfo", {"DirectoryId": DIRECTORY}),
    (
        "UpdateMFAAuthenticationSettings",
        {
            "DirectoryId": DIRECTORY,
            "MFAAuthenticationSettings": "Byuser",
            "OperationForRiskLogin": "Autonomous",
            "AllowedVerificationTypes": ["TOTP", "WebAuthn", "SMS"],
        },
    ),
    (
        "GetUserId",
        {
            "DirectoryId": DIRECTORY,
            "ExternalId": {"Id": "c7f3e3b4-scim/0001 ü", "Issuer": "SCIM"},
        },
    ),
    (
        "CreateUser",
        {
            "DirectoryId": DIRECTORY,
            "UserName": "alice.li@example.com",
            "DisplayName": "Alice Li (李爱丽)",
            "FirstName": "Alice",
            "LastName": "Li",
            "Email": "alice.li+sso@example.com",
            "Description": "Ops on-call: 24*7 ~ a/b = c & d; 100% ✓",
            "Status": "Enabled",
            "Tags": [
                {"Key": "team", "Value": "ops & sre"},
                {"Key": "cost-center", "Value": "CC/42 *"},
                {"Key": "环境", "Value": "生产"},
            ],
        },
    ),
    (
        "ListUsers",
        {
            "DirectoryId": DIRECTORY,
            "Filter": 'UserName eq "alice.li@example.com"',
            "MaxResults": 20,
            "NextToken": "K1+fA/2==",
            "ProvisionType": "Manual",
            "Status": "Enabled",
            "Tags": [{"Key": "team", "Value": "ops & sre"}],
        },
    ),
    (
        "ResetUserPassword",
        {
            "DirectoryId": DIRECTORY,
            "UserId": "u-00q8wbq42wiltcrk****",
            "GenerateRandomPassword": False,
            "Password": "N3w P@ss+w0rd/=&*~",
            "RequirePasswordResetForNextLogin": True,
        },
    ),
    (
        "CreateAccessConfiguration",
        {
            "DirectoryId": DIRECTORY,
            "AccessConfigurationName": "ReadOnly-Access",
            "Description": "read only, everywhere",
            "RelayState": "https://homenew.console.aliyun.com/?a=b&c=d",
            "SessionDuration": 3600,
            "Tags": [{"Key": "k1", "Value": "v1"}, {"Key": "k2", "Value": ""}],
        },
    ),
    (
        "AddPermissionPolicyToAccessConfiguration",
        {
            "DirectoryId": DIRECTORY,
            "AccessConfigurationId": "ac-00ccule7tadaijxc****",
            "PermissionPolicyType": "Inline",
            "PermissionPolicyName": "InlinePolicy-ECS",
            "InlinePolicyDocument": json.dumps(
                {
                    "Version": "1",
                    "Statement": [
                        {
                            "Effect": "Allow",
                            "Action": ["ecs:Describe*", "ecs:List*"],
                            "Resource": "acs:ecs:*:*:instance/*",
                            "Condition": {"StringLike": {"ecs:tag/env": "prod ü"}},
                        }
                    ],
                },
                ensure_ascii=False,
            ),
        },
    ),
    ("ListDirectories", {}),
]

# (action, version, inputs by wire name, in the order of the STS SDK's generated client and of
# api/sts-2015-04-01.json) of anonymous operations: a space, '/', ':' and JSON to encode.
ANONYMOUS: list[tuple[str, str, dict]] = [
    (
        "AssumeRoleWithOIDC",
        "2015-04-01",
        {
            "OIDCProviderArn": "acs:ram::1234567890123456:oidc-provider/ack-rrsa-c1",
            "RoleArn": "acs:ram::1234567890123456:role/rrsa-pod",
            "OIDCToken": "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzeXN0ZW06cG9kIn0.c2lnbmF0dXJl",
            "RoleSessionName": "pod session-1",
            "DurationSeconds": 3600,
            "Policy": '{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:*"}]}',
        },
    ),
]

WAYS = [
    # (id prefix, signature algorithm, with an STS token)
    ("v3-ak", None, False),
    ("v3-sts", None, True),
    ("v2-ak", "v2", False),
    ("v2-sts", "v2", True),
]


class _Pinned:
    timestamp = "1970-01-01T00:00:00Z"
    nonce = "0"


def pin_time_and_nonce() -> None:
    """The SDK takes the signing time and nonce from these two functions, for V3 and V2."""
    sdk_utils.Utils.get_timestamp = staticmethod(lambda: _Pinned.timestamp)
    sdk_utils.Utils.get_nonce = staticmethod(lambda: _Pinned.nonce)


def method_name(action: str) -> str:
    """The SDK client's method for an action: SetMFAAuthenticationStatus ->
    set_mfaauthentication_status_with_options."""
    return re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", action).lower() + "_with_options"


def spell_booleans(value):
    """The inputs with each boolean as the string the Go, Java and Node.js SDKs send (`true`,
    `false`); the Python SDK sends `str(value)`, `True` and `False`."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return {k: spell_booleans(v) for k, v in value.items()}
    if isinstance(value, list):
        return [spell_booleans(v) for v in value]
    return value


def has_booleans(value) -> bool:
    return spell_booleans(value) != value


def call(address: str, action: str, inputs: dict, algorithm, token: bool) -> None:
    config = utils_models.Config(
        access_key_id=ACCESS_KEY_ID,
        access_key_secret=ACCESS_KEY_SECRET,
        security_token=SECURITY_TOKEN if token else None,
        endpoint=address,
        protocol="http",
    )
    if algorithm:
        config.signature_algorithm = algorithm
    sdk = Client(config)
    runtime = RuntimeOptions(autoretry=False, max_attempts=1)
    method = getattr(sdk, method_name(action))
    request_class = getattr(models, f"{action}Request", None)
    if request_class is None:
        method(runtime)
    else:
        request = request_class().from_map(json.loads(json.dumps(inputs)))
        method(request, runtime)


def call_anonymous(address: str, action: str, version: str, inputs: dict, algorithm) -> None:
    """As a generated SDK client calls an anonymous RPC operation, with no credentials."""
    config = utils_models.Config(endpoint=address, protocol="http")
    if algorithm:
        config.signature_algorithm = algorithm
    sdk = OpenApiClient(config)
    request = utils_models.OpenApiRequest(query=sdk_utils.Utils.query(dict(inputs)))
    params = utils_models.Params(
        action=action,
        version=version,
        protocol="HTTPS",
        pathname="/",
        method="POST",
        auth_type="Anonymous",
        style="RPC",
        req_body_type="formData",
        body_type="json",
    )
    sdk.call_api(params, request, RuntimeOptions(autoretry=False, max_attempts=1))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", required=True)
    parser.add_argument("--seed", type=int, default=None, help="for the loopback address")
    args = parser.parse_args()

    pin_time_and_nonce()
    rng = random.Random(args.seed)
    host = f"127.{rng.randint(1, 254)}.{rng.randint(1, 254)}.{rng.randint(2, 254)}"
    start = dt.datetime(2026, 5, 15, 8, 30, 0, tzinfo=dt.timezone.utc)
    cases = []
    with Recorder(host) as recorder:
        for way, algorithm, token in WAYS:
            for action, inputs in OPERATIONS:
                index = len(cases)
                when = start + dt.timedelta(minutes=7 * index, seconds=index)
                _Pinned.timestamp = when.strftime("%Y-%m-%dT%H:%M:%SZ")
                _Pinned.nonce = f"{0x5EED0000 + index:08x}-interop-nonce-{index:03}"
                call(recorder.address, action, spell_booleans(inputs), algorithm, token)
                recorded = recorder.take()
                if has_booleans(inputs):
                    # The same call with the booleans as Python values, as a Python user
                    # writes it: kept to show that it differs only in their spelling.
                    call(recorder.address, action, inputs, algorithm, token)
                    recorded += recorder.take()
                if len(recorded) != (2 if has_booleans(inputs) else 1):
                    raise SystemExit(f"{way} {action}: recorded {len(recorded)} requests")
                cases.append(
                    {
                        "id": f"{way}-{action}",
                        "operation": action,
                        "signature_algorithm": "HMAC-SHA1" if algorithm == "v2" else "ACS3-HMAC-SHA256",
                        "endpoint": f"http://{recorder.address}",
                        "access_key_id": ACCESS_KEY_ID,
                        "access_key_secret": ACCESS_KEY_SECRET,
                        "security_token": SECURITY_TOKEN if token else None,
                        "time": _Pinned.timestamp,
                        "epoch_seconds": int(when.timestamp()),
                        "nonce": _Pinned.nonce,
                        "inputs": inputs,
                        "sdk": recorded[0],
                        "sdk_python_booleans": recorded[1] if len(recorded) > 1 else None,
                    }
                )
        for way, algorithm in [("v3-anonymous", None), ("v2-anonymous", "v2")]:
            for action, version, inputs in ANONYMOUS:
                index = len(cases)
                when = start + dt.timedelta(minutes=7 * index, seconds=index)
                _Pinned.timestamp = when.strftime("%Y-%m-%dT%H:%M:%SZ")
                _Pinned.nonce = f"{0x5EED0000 + index:08x}-interop-nonce-{index:03}"
                call_anonymous(recorder.address, action, version, inputs, algorithm)
                recorded = recorder.take()
                if len(recorded) != 1:
                    raise SystemExit(f"{way} {action}: recorded {len(recorded)} requests")
                cases.append(
                    {
                        "id": f"{way}-{action}",
                        "operation": action,
                        "product": "Sts",
                        "anonymous": True,
                        "signature_algorithm": "HMAC-SHA1" if algorithm == "v2" else "ACS3-HMAC-SHA256",
                        "endpoint": f"http://{recorder.address}",
                        "access_key_id": "",
                        "access_key_secret": "",
                        "security_token": None,
                        "time": _Pinned.timestamp,
                        "epoch_seconds": int(when.timestamp()),
                        "nonce": _Pinned.nonce,
                        "inputs": inputs,
                        "sdk": recorded[0],
                        "sdk_python_booleans": None,
                    }
                )
    document = {
        "generator": "interop/client/record_python.py",
        "sdk": {name: importlib.metadata.version(name) for name in SDK_PACKAGES},
        "python": sys.version.split()[0],
        "cases": cases,
    }
    with open(args.out, "w", encoding="utf-8") as out:
        json.dump(document, out, ensure_ascii=False, indent=1)
    print(f"wrote {len(cases)} cases to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
