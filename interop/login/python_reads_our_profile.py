"""Alibaba Cloud's official Python credentials library reads the profile `cloudsso login` saved.

A loopback stand-in of the CloudSSO user portal answers the device flow, the listings and
`/cloud-credentials`. `cloudsso login` (the binary given) signs in against it and saves the
profile in HOME/.aliyun/config.json; then the library's CLIProfileCredentialsProvider
(alibabacloud-credentials, pinned in ../credentials/requirements.txt) reads that profile and
fetches credentials from the stand-in with the saved access token:

    python python_reads_our_profile.py path/to/cloudsso
"""

import json
import os
import secrets
import subprocess
import sys
import tempfile
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

TOKEN = "portal-token-" + secrets.token_hex(8)
ACCOUNT = "1234567890123456"
ACCESS_CONFIG = "ac-interop0000001"
CREDENTIAL = {
    "AccessKeyId": "STS.interop-sso",
    "AccessKeySecret": "interop-sso-secret",
    "SecurityToken": "interop-sso-token",
    "Expiration": "2099-01-01T00:00:00Z",
}
received = []


class Portal(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def answer(self, status, body):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def body(self):
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        return json.loads(raw) if raw else None

    def do_POST(self):
        body = self.body()
        received.append(("POST", self.path, dict(self.headers), body))
        if self.path == "/device-authorization":
            return self.answer(200, {
                "DeviceCode": "dc-interop", "UserCode": "INTR-OP42",
                "VerificationUri": "http://portal.test/device/code",
                "VerificationUriComplete": "http://portal.test/device/code?user_code=INTR-OP42",
                "Interval": 1})
        if self.path == "/token" and body.get("DeviceCode") == "dc-interop":
            return self.answer(200, {"AccessToken": TOKEN, "ExpiresIn": 3600})
        if self.path == "/cloud-credentials":
            if self.headers.get("Authorization") != f"Bearer {TOKEN}":
                return self.answer(401, {"ErrorCode": "InvalidToken"})
            if body != {"AccountId": ACCOUNT, "AccessConfigurationId": ACCESS_CONFIG}:
                return self.answer(400, {"ErrorCode": "InvalidParameter"})
            return self.answer(200, {"RequestId": "interop", "CloudCredential": CREDENTIAL})
        return self.answer(400, {"ErrorCode": "InvalidRequest"})

    def do_GET(self):
        received.append(("GET", self.path, dict(self.headers), None))
        if self.headers.get("Authorization") != f"Bearer {TOKEN}":
            return self.answer(401, {"ErrorCode": "InvalidToken"})
        if self.path.startswith("/access-assignments/accounts"):
            return self.answer(200, {"Accounts": [{"AccountId": ACCOUNT, "DisplayName": "interop"}],
                                     "IsTruncated": False})
        if self.path.startswith(f"/access-assignments/access-configurations?AccountId={ACCOUNT}&"):
            return self.answer(200, {"AccessConfigurationsForAccount": [
                {"AccessConfigurationId": ACCESS_CONFIG, "AccessConfigurationName": "Interop"}],
                "IsTruncated": False})
        return self.answer(400, {"ErrorCode": "InvalidRequest"})


def main():
    cloudsso = sys.argv[1]
    server = ThreadingHTTPServer(("127.0.0.1", 0), Portal)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    sign_in_url = f"http://127.0.0.1:{server.server_address[1]}/interop/login"
    home = tempfile.mkdtemp(prefix="interop-login-")
    env = {"HOME": home, "PATH": os.environ.get("PATH", "")}
    run = subprocess.run(
        [cloudsso, "login", "--profile", "sso", "--sign-in-url", sign_in_url, "--no-browser"],
        env=env, capture_output=True, text=True, timeout=60)
    if run.returncode != 0 or TOKEN in run.stdout + run.stderr:
        sys.exit(f"cloudsso login failed or printed the token:\n{run.stdout}\n{run.stderr}")

    # The library reads HOME when it is imported.
    os.environ["HOME"] = home
    os.environ.pop("ALIBABA_CLOUD_PROFILE", None)
    from alibabacloud_credentials.provider import CLIProfileCredentialsProvider

    credentials = CLIProfileCredentialsProvider(profile_name="sso").get_credentials()
    got = (credentials.get_access_key_id(), credentials.get_access_key_secret(),
           credentials.get_security_token(), credentials.get_provider_name())
    want = (CREDENTIAL["AccessKeyId"], CREDENTIAL["AccessKeySecret"],
            CREDENTIAL["SecurityToken"], "cli_profile/cloud_sso")
    if got != want:
        sys.exit(f"the library got {got}, expected {want}")
    calls = [(m, p.split("?")[0]) for m, p, _, _ in received]
    want_calls = [("POST", "/device-authorization"), ("POST", "/token"),
                  ("GET", "/access-assignments/accounts"),
                  ("GET", "/access-assignments/access-configurations"),
                  ("POST", "/cloud-credentials")]
    if calls != want_calls:
        sys.exit(f"portal calls {calls}, expected {want_calls}")
    print("interop-login: the official Python library read the profile cloudsso login saved "
          "and got credentials with its access token")


if __name__ == "__main__":
    main()
