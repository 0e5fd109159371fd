"""`cloudsso login` against the emulated user portal of `cloudsso serve`, then Alibaba Cloud's
official Python libraries with what it saved.

1. The official CloudSSO Python SDK (alibabacloud-cloudsso20210515, pinned in
   ../emulator/requirements.txt) sets the directory up as an admin: a user whose password
   must be changed, a group, an access configuration assigned to the group on a member
   account, AllowUserToGetCredentials, and MFA enabled.
2. `cloudsso login --no-browser` starts; this script is the browser, with plain HTTP form
   posts (urllib, a cookie jar, the CSRF token sent back): it enters the user code, signs in,
   changes the password, binds a TOTP device (codes computed here with hmac/hashlib, RFC 6238,
   independently of the emulator's totp-rs) and approves. The login completes and saves the
   profile.
3. The official credentials library (alibabacloud-credentials 1.0.12, a dependency of the
   SDK, same pin) reads the profile and gets credentials from the emulated portal's
   /cloud-credentials with the saved access token.
4. The official CloudSSO SDK calls the emulator with those credentials (acting for the
   member account) and succeeds.

    python python_with_emulated_portal.py path/to/cloudsso HOST:PORT
"""

import base64
import hashlib
import hmac
import http.cookiejar
import os
import re
import struct
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request

from alibabacloud_cloudsso20210515 import models
from alibabacloud_cloudsso20210515.client import Client
from alibabacloud_tea_openapi import utils_models

DIRECTORY = "d-00fc2p61****"
MEMBER = "1111111111111111"


def sdk(address, key_id="testid", secret="testsecret", token=None):
    config = utils_models.Config(access_key_id=key_id, access_key_secret=secret,
                                 security_token=token, endpoint=address, protocol="http",
                                 region_id="cn-shanghai")
    return Client(config)


def totp(secret_base32, at):
    key = base64.b32decode(secret_base32 + "=" * (-len(secret_base32) % 8))
    digest = hmac.new(key, struct.pack(">Q", int(at) // 30), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    number = struct.unpack(">I", digest[offset:offset + 4])[0] & 0x7FFFFFFF
    return f"{number % 1_000_000:06d}"


class Browser:
    """No JavaScript: cookies kept, redirects followed, forms posted with their CSRF token."""

    def __init__(self, address):
        self.base = f"http://{address}"
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        self.page = ""

    def open(self, path, fields=None):
        data = None
        if fields is not None:
            csrf = re.search(r'name="csrf" value="([^"]+)"', self.page).group(1)
            data = urllib.parse.urlencode([("csrf", csrf)] + list(fields)).encode()
        try:
            with self.opener.open(self.base + path, data=data, timeout=10) as response:
                self.page = response.read().decode()
        except urllib.error.HTTPError as error:
            self.page = error.read().decode()
            raise SystemExit(f"{path}: HTTP {error.code}\n{self.page}")
        return self.page


def expect(condition, message):
    if not condition:
        raise SystemExit(f"interop-login (emulated portal): {message}")


def main():
    cloudsso, address = sys.argv[1], sys.argv[2]
    admin = sdk(address)
    name = admin.get_directory(models.GetDirectoryRequest(directory_id=DIRECTORY)) \
        .body.directory.directory_name
    user = admin.create_user(models.CreateUserRequest(
        directory_id=DIRECTORY, user_name="interop-alice")).body.user.user_id
    admin.reset_user_password(models.ResetUserPasswordRequest(
        directory_id=DIRECTORY, user_id=user, password="Initial-Pass-1",
        require_password_reset_for_next_login=True))
    group = admin.create_group(models.CreateGroupRequest(
        directory_id=DIRECTORY, group_name="interop-devs")).body.group.group_id
    admin.add_user_to_group(models.AddUserToGroupRequest(
        directory_id=DIRECTORY, group_id=group, user_id=user))
    ac = admin.create_access_configuration(models.CreateAccessConfigurationRequest(
        directory_id=DIRECTORY, access_configuration_name="InteropReadOnly",
        session_duration=3600)).body.access_configuration.access_configuration_id
    admin.create_access_assignment(models.CreateAccessAssignmentRequest(
        directory_id=DIRECTORY, access_configuration_id=ac, target_type="RD-Account",
        target_id=MEMBER, principal_type="Group", principal_id=group))
    admin.set_login_preference(models.SetLoginPreferenceRequest(
        directory_id=DIRECTORY, allow_user_to_get_credentials=True))
    admin.set_mfaauthentication_status(models.SetMFAAuthenticationStatusRequest(
        directory_id=DIRECTORY, mfaauthentication_status="Enabled"))

    home = tempfile.mkdtemp(prefix="interop-login-emulated-")
    sign_in_url = f"http://{address}/{name}/login"
    login = subprocess.Popen(
        [cloudsso, "login", "--profile", "sso", "--sign-in-url", sign_in_url, "--no-browser"],
        env={"HOME": home, "PATH": os.environ.get("PATH", ""),
             "ALIBABA_CLOUD_ECS_METADATA_DISABLED": "true"},
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    printed = ""
    user_code = None
    while user_code is None:
        line = login.stdout.readline()
        expect(line, f"cloudsso login ended before printing the user code:\n{printed}")
        printed += line
        if line.startswith("User code: "):
            user_code = line.split(": ", 1)[1].strip()

    browser = Browser(address)
    browser.open(f"/device/code?user_code={user_code}")
    page = browser.open("/device/code", [("step", "code"), ("user_code", user_code)])
    expect("<h1>Sign in</h1>" in page, "no sign-in page after the user code")
    login_path = f"/{urllib.parse.quote(name)}/login"
    page = browser.open(login_path, [("step", "password"), ("username", "interop-alice"),
                                     ("password", "Initial-Pass-1")])
    expect("<h1>Change your password</h1>" in page, "the password change was not asked for")
    page = browser.open(login_path, [("step", "change-password"),
                                     ("new_password", "Changed-Pass-2"),
                                     ("confirm_password", "Changed-Pass-2")])
    expect("<h1>Bind an MFA device</h1>" in page, "MFA binding was not asked for")
    secret = re.search(r'<code id="totp-secret">([A-Z2-7]+)</code>', page).group(1)
    page = browser.open(login_path, [("step", "bind-mfa"), ("code", totp(secret, time.time()))])
    expect("<h1>Approve sign-in</h1>" in page, "no approval page after binding")
    page = browser.open("/device/code", [("step", "approve")])
    expect('id="done"' in page, "the approval was not confirmed")

    out, err = login.communicate(timeout=60)
    expect(login.returncode == 0, f"cloudsso login failed:\n{printed}{out}{err}")
    devices = admin.list_mfadevices_for_user(models.ListMFADevicesForUserRequest(
        directory_id=DIRECTORY, user_id=user)).body.mfadevices
    expect(len(devices) == 1 and devices[0].device_type == "TOTP",
           f"the bound device is not listed: {devices}")

    # The official credentials library reads the profile (the SDK imported it already, so
    # HOME was read: the file is named).
    from alibabacloud_credentials.provider import CLIProfileCredentialsProvider

    credentials = CLIProfileCredentialsProvider(
        profile_name="sso",
        profile_file=os.path.join(home, ".aliyun", "config.json")).get_credentials()
    key_id = credentials.get_access_key_id()
    expect(key_id.startswith("STS."), f"not temporary credentials: {key_id}")
    expect(credentials.get_provider_name() == "cli_profile/cloud_sso",
           credentials.get_provider_name())

    # The official SDK calls the emulator with them, acting for the member account.
    member = sdk(address, key_id, credentials.get_access_key_secret(),
                 credentials.get_security_token())
    answer = member.list_directories()
    expect(answer.body.request_id, "ListDirectories with the portal's credentials failed")
    print("interop-login: cloudsso login signed in at the emulated portal (password change, "
          "TOTP binding, approval); the official credentials library got STS credentials "
          "from its /cloud-credentials with the saved token; the official CloudSSO SDK "
          "called the emulator with them")


if __name__ == "__main__":
    main()
