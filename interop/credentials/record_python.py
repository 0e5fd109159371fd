"""Records the STS requests of Alibaba Cloud's official Python credentials library.

For each case of CASES, the library's own provider (RamRoleArnCredentialsProvider or
OIDCRoleArnCredentialsProvider, alibabacloud-credentials pinned in requirements.txt) fetches
credentials from a loopback server that records the request as it arrives (method and
target, i.e. path and query, byte for byte). The time and the nonce are pinned by replacing
the library's two helpers. The output is what crates/acs-credentials/tests/interop_python.rs
compares our requests with:

    python record_python.py OUT.json
"""

import json
import sys
import tempfile
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

from alibabacloud_credentials.provider import (
    OIDCRoleArnCredentialsProvider,
    RamRoleArnCredentialsProvider,
)
from alibabacloud_credentials.utils import parameter_helper

STS_ANSWER = json.dumps({
    "RequestId": "interop",
    "AssumedRoleUser": {"Arn": "acs:ram::1:role/r", "AssumedRoleId": "1:s"},
    "Credentials": {
        "AccessKeyId": "STS.interop",
        "AccessKeySecret": "interop-secret",
        "SecurityToken": "interop-token",
        "Expiration": "2099-01-01T00:00:00Z",
    },
}).encode()

# Inputs of each case. `differs` marks a case where we deliberately send something else
# (documented in crates/acs-credentials/src/sts.rs); the test checks exactly that difference.
CASES = [
    {
        "name": "assume-role-access-key",
        "action": "AssumeRole",
        "access_key_id": "LTAI5tInteropKey",
        "access_key_secret": "interop-secret-1",
        "role_arn": "acs:ram::1234567890123456:role/admin",
        "role_session_name": "interop-session",
        "duration_seconds": 3600,
        "time": "2025-06-01T12:00:00Z",
        "nonce": "6a5d2e3c-0b7f-5d4e-9a1b-1c2d3e4f5a6b",
    },
    {
        "name": "assume-role-sts-source-policy-external-id",
        "action": "AssumeRole",
        "access_key_id": "STS.NUgYrLnoC37mZZCNnAbez2Vf",
        "access_key_secret": "interop-secret-2",
        "security_token": "CAIS+gF1q6Ft5B2yfSjIr5fmKfz/2d==",
        "role_arn": "acs:ram::1234567890123456:role/ops-role",
        "role_session_name": "alice@example.com",
        "duration_seconds": 900,
        "policy": '{"Version":"1","Statement":[{"Effect":"Allow","Action":["sts:*","ram:Get~*"],"Resource":"*"}]}',
        "external_id": "ext-42_x.y",
        "time": "2026-12-01T23:59:59Z",
        "nonce": "nonce-with-unreserved-._~",
    },
    {
        "name": "assume-role-unicode-session-and-policy",
        "action": "AssumeRole",
        "access_key_id": "LTAI5tInteropKey",
        "access_key_secret": "interop-secret-3",
        "role_arn": "acs:ram::1234567890123456:role/数据",
        "role_session_name": "s-1",
        "duration_seconds": 43200,
        "policy": '{"Statement":[{"Resource":"acs:oss:*:*:bucket/前缀/*"}]}',
        "time": "2025-01-02T03:04:05Z",
        "nonce": "n3",
    },
    {
        "name": "assume-role-policy-with-spaces",
        "action": "AssumeRole",
        "access_key_id": "LTAI5tInteropKey",
        "access_key_secret": "interop-secret-4",
        "role_arn": "acs:ram::1234567890123456:role/admin",
        "role_session_name": "spaces",
        "duration_seconds": 3600,
        "policy": '{"Version": "1", "Statement": []}',
        "time": "2025-01-02T03:04:05Z",
        "nonce": "n4",
        "differs": "space",
    },
    {
        "name": "assume-role-with-oidc",
        "action": "AssumeRoleWithOIDC",
        "role_arn": "acs:ram::1234567890123456:role/k8s-pod",
        "oidc_provider_arn": "acs:ram::1234567890123456:oidc-provider/ack-rrsa-c123",
        "oidc_token": "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzeXN0ZW06c2EifQ.c2lnbmF0dXJl-_",
        "role_session_name": "pod-session",
        "duration_seconds": 3600,
        "policy": '{"Statement":[]}',
        "time": "2025-06-01T12:00:00Z",
    },
]


class Recorder(BaseHTTPRequestHandler):
    recorded = []

    def do_GET(self):  # noqa: N802 (the standard library's name)
        Recorder.recorded.append({"method": self.command, "target": self.path})
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(STS_ANSWER)))
        self.end_headers()
        self.wfile.write(STS_ANSWER)

    do_POST = do_GET  # noqa: N815

    def log_message(self, *args):
        pass


def provider_for(case, endpoint, token_dir):
    if case["action"] == "AssumeRole":
        return RamRoleArnCredentialsProvider(
            access_key_id=case["access_key_id"],
            access_key_secret=case["access_key_secret"],
            security_token=case.get("security_token"),
            role_arn=case["role_arn"],
            role_session_name=case["role_session_name"],
            duration_seconds=case["duration_seconds"],
            policy=case.get("policy"),
            external_id=case.get("external_id"),
            sts_endpoint=endpoint,
        )
    token_file = f"{token_dir}/{case['name']}.jwt"
    with open(token_file, "w") as f:
        f.write(case["oidc_token"])
    return OIDCRoleArnCredentialsProvider(
        role_arn=case["role_arn"],
        oidc_provider_arn=case["oidc_provider_arn"],
        oidc_token_file_path=token_file,
        role_session_name=case["role_session_name"],
        duration_seconds=case["duration_seconds"],
        policy=case.get("policy"),
        sts_endpoint=endpoint,
    )


def main(out):
    server = HTTPServer(("127.0.0.1", 0), Recorder)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    endpoint = f"http://127.0.0.1:{server.server_port}"
    results = []
    with tempfile.TemporaryDirectory() as token_dir:
        for case in CASES:
            parameter_helper.get_iso_8061_date = lambda case=case: case["time"]
            parameter_helper.get_uuid = lambda case=case: case.get("nonce", "unused")
            Recorder.recorded.clear()
            credentials = provider_for(case, endpoint, token_dir).get_credentials()
            assert credentials.get_access_key_id() == "STS.interop", case["name"]
            assert len(Recorder.recorded) == 1, (case["name"], Recorder.recorded)
            results.append({"case": case, **Recorder.recorded[0]})
    server.shutdown()
    with open(out, "w") as f:
        json.dump({"library": "alibabacloud-credentials==1.0.12", "requests": results}, f,
                  indent=2, ensure_ascii=False)
        f.write("\n")
    print(f"record_python: {len(results)} requests recorded to {out}")


if __name__ == "__main__":
    main(sys.argv[1])
