"""The official Python credentials library and CloudSSO SDK against the emulator's STS.

`alibabacloud-credentials` (pinned in requirements.txt) with its own providers, pointed at
`cloudsso serve` by `sts_endpoint` (plain HTTP on loopback):
- RamRoleArnCredentialsProvider assumes a role of the key's own account and gets STS.N
  credentials with a CAIS security token and an Expiration DurationSeconds ahead; the
  official CloudSSO SDK, given a CredentialClient over that provider, calls ListDirectories
  with V3 and with V2;
- OIDCRoleArnCredentialsProvider sends an RS256 ID token (signed here with the emulator's
  test key, tests/data/oidc-key.pem) anonymously and gets credentials the SDK calls with too;
- refusals surface through the libraries with the emulator's codes: a role of another account
  (NoPermission), a token from another issuer (AuthenticationFail.OIDCToken.IssuerMismatch),
  the temporary key without its token (MissingSecurityToken) or with another's
  (InvalidSecurityToken.MismatchWithAccessKey).

Usage: check_sts.py ENDPOINT KEY_PEM PROVIDER_ARN ISSUER CLIENT_ID
(ENDPOINT host:port of the emulator, serving the default key testid:testsecret of account
1234567890123456 and the OIDC provider given).
"""

import base64
import datetime
import json
import logging
import sys
import tempfile
import time

from alibabacloud_cloudsso20210515.client import Client
from alibabacloud_credentials.client import Client as CredentialClient
from alibabacloud_credentials.provider import (
    OIDCRoleArnCredentialsProvider,
    RamRoleArnCredentialsProvider,
)
from alibabacloud_tea_openapi import utils_models
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding
from darabonba.runtime import RuntimeOptions

ACCOUNT = "1234567890123456"
ROLE = f"acs:ram::{ACCOUNT}:role/interop"
OTHER_ROLE = "acs:ram::6543210987654321:role/interop"
failures = []
checks = 0


def check(name, condition, detail=""):
    global checks
    checks += 1
    if condition:
        print(f"PASS {name}")
    else:
        failures.append(name)
        print(f"FAIL {name} {detail}")


def expect_failure(name, code, call):
    """`call` raises an exception whose text names `code`."""
    try:
        call()
    except Exception as error:  # noqa: BLE001 - the libraries raise several types
        text = f"{getattr(error, 'code', '')} {error}"
        check(f"{name} fails with {code}", code in text, f"(got {type(error).__name__}: {text})")
    else:
        check(f"{name} fails with {code}", False, "(no exception)")


def runtime():
    return RuntimeOptions(autoretry=False, max_attempts=1)


def sdk(endpoint, v2=False, **credentials):
    config = utils_models.Config(
        endpoint=endpoint, protocol="http", region_id="cn-shanghai", **credentials
    )
    if v2:
        config.signature_algorithm = "v2"
    return Client(config)


def lists_directories(name, client):
    try:
        response = client.list_directories_with_options(runtime())
        ids = [d.directory_id for d in response.body.directories]
        check(f"{name}: ListDirectories answers the account's directory",
              "d-00fc2p61****" in ids, f"(got {ids})")
    except Exception as error:  # noqa: BLE001
        check(f"{name}: ListDirectories answers the account's directory", False,
              f"(got {type(error).__name__}: {error})")


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def id_token(key_pem, issuer, audience, lifetime=600):
    key = serialization.load_pem_private_key(open(key_pem, "rb").read(), password=None)
    now = int(time.time())
    header = {"alg": "RS256", "typ": "JWT", "kid": "test-key-1"}
    claims = {"iss": issuer, "aud": audience, "sub": "system:serviceaccount:default:interop",
              "iat": now - 5, "nbf": now - 5, "exp": now + lifetime}
    signing_input = f"{b64url(json.dumps(header).encode())}.{b64url(json.dumps(claims).encode())}"
    signature = key.sign(signing_input.encode(), padding.PKCS1v15(), hashes.SHA256())
    return f"{signing_input}.{b64url(signature)}"


def expiration_in(credentials, seconds):
    """Whether the credentials' expiry is `seconds` from now, give or take a minute."""
    expiration = credentials.get_expiration()
    if isinstance(expiration, str):
        expiration = datetime.datetime.strptime(expiration, "%Y-%m-%dT%H:%M:%SZ").replace(
            tzinfo=datetime.timezone.utc).timestamp()
    return abs(float(expiration) - (time.time() + seconds)) < 60


def ram_role_arn(endpoint):
    sts_endpoint = f"http://{endpoint}"
    provider = RamRoleArnCredentialsProvider(
        access_key_id="testid", access_key_secret="testsecret", role_arn=ROLE,
        role_session_name="interop", duration_seconds=3600, sts_endpoint=sts_endpoint)
    credentials = provider.get_credentials()
    key_id = credentials.get_access_key_id()
    check("RamRoleArn: an STS.N key ID", key_id.startswith("STS.N") and len(key_id) == 27,
          f"(got {key_id})")
    check("RamRoleArn: a CAIS security token", credentials.get_security_token().startswith("CAIS"))
    check("RamRoleArn: Expiration DurationSeconds ahead", expiration_in(credentials, 3600),
          f"(got {credentials.get_expiration()})")
    for v2 in (False, True):
        label = "RamRoleArn " + ("V2" if v2 else "V3")
        client = sdk(endpoint, v2=v2, credential=CredentialClient(provider=provider))
        lists_directories(label, client)

    # The same temporary key without its token, and with another's.
    other = RamRoleArnCredentialsProvider(
        access_key_id="testid", access_key_secret="testsecret", role_arn=ROLE,
        role_session_name="other", sts_endpoint=sts_endpoint).get_credentials()
    for v2 in (False, True):
        label = "V2" if v2 else "V3"
        bare = sdk(endpoint, v2=v2, access_key_id=key_id,
                   access_key_secret=credentials.get_access_key_secret())
        expect_failure(f"temporary key without its token ({label})", "MissingSecurityToken",
                       lambda: bare.list_directories_with_options(runtime()))
        mixed = sdk(endpoint, v2=v2, access_key_id=key_id,
                    access_key_secret=credentials.get_access_key_secret(),
                    security_token=other.get_security_token())
        expect_failure(f"temporary key with another's token ({label})",
                       "InvalidSecurityToken.MismatchWithAccessKey",
                       lambda: mixed.list_directories_with_options(runtime()))

    refused = RamRoleArnCredentialsProvider(
        access_key_id="testid", access_key_secret="testsecret", role_arn=OTHER_ROLE,
        role_session_name="interop", sts_endpoint=sts_endpoint)
    expect_failure("RamRoleArn: a role of another account", "NoPermission",
                   refused.get_credentials)


def oidc(endpoint, key_pem, provider_arn, issuer, client_id):
    sts_endpoint = f"http://{endpoint}"
    with tempfile.TemporaryDirectory() as folder:
        token_file = f"{folder}/token.jwt"
        with open(token_file, "w") as f:
            f.write(id_token(key_pem, issuer, client_id))
        provider = OIDCRoleArnCredentialsProvider(
            role_arn=ROLE, oidc_provider_arn=provider_arn, oidc_token_file_path=token_file,
            role_session_name="interop-oidc", duration_seconds=1200, sts_endpoint=sts_endpoint)
        credentials = provider.get_credentials()
        check("OIDC: an STS.N key ID", credentials.get_access_key_id().startswith("STS.N"))
        check("OIDC: Expiration DurationSeconds ahead", expiration_in(credentials, 1200),
              f"(got {credentials.get_expiration()})")
        lists_directories("OIDC V3", sdk(endpoint, credential=CredentialClient(provider=provider)))

        with open(token_file, "w") as f:
            f.write(id_token(key_pem, "https://another-issuer.example.com", client_id))
        wrong = OIDCRoleArnCredentialsProvider(
            role_arn=ROLE, oidc_provider_arn=provider_arn, oidc_token_file_path=token_file,
            role_session_name="interop-oidc", sts_endpoint=sts_endpoint)
        expect_failure("OIDC: a token of another issuer",
                       "AuthenticationFail.OIDCToken.IssuerMismatch", wrong.get_credentials)


def main(endpoint, key_pem, provider_arn, issuer, client_id):
    # The library logs each refusal with a traceback; the checks report them instead.
    logging.disable(logging.CRITICAL)
    ram_role_arn(endpoint)
    oidc(endpoint, key_pem, provider_arn, issuer, client_id)
    print(f"check_sts: {checks - len(failures)}/{checks} checks passed")
    if failures:
        print("failed: " + ", ".join(failures))
        sys.exit(1)


if __name__ == "__main__":
    main(*sys.argv[1:6])
