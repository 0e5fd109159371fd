#!/usr/bin/env bash
# Interop of the emulator with Alibaba Cloud's official CloudSSO Python SDK (issue 5): install
# alibabacloud-cloudsso20210515 (pinned, interop/emulator/requirements.txt) in its own virtual
# environment, start `cloudsso serve` on a free loopback port, and have the SDK, with its
# default V3 signing and with V2, call the MFA operations and the directory operations
# (issue 6: Create/Get/List/DeleteDirectory, UpdateMFAAuthenticationSettings,
# GetMFAAuthenticationSettings and the rest of the MFA family), round-trip state, and get its
# own exceptions with the right codes for a wrong secret, an unknown or deleted directory, an
# invalid value and an operation the emulator does not implement
# (interop/emulator/check_sdk.py). Then (issue 13) the official credentials library
# (alibabacloud-credentials, pinned in the same requirements) gets temporary credentials from
# the emulator's STS with its RamRoleArn and OIDC providers (sts_endpoint on loopback HTTP, an
# ID token signed with the emulator's test key) and the SDK calls CloudSSO with them; the
# refusals come back with the emulator's codes (interop/emulator/check_sts.py). Needs PyPI and
# nothing else.
set -euo pipefail
cd "$(dirname "$0")/.."
started=$SECONDS

venv=.venv-interop-emulator
requirements=interop/emulator/requirements.txt

# shellcheck source=lib/python-venv.sh
source .ci/lib/python-venv.sh
python_venv "$venv" "$requirements"
"$venv/bin/python" -m pip show --quiet alibabacloud-cloudsso20210515 >/dev/null

# shellcheck source=lib/cloudsso-serve.sh
source .ci/lib/cloudsso-serve.sh
cloudsso_binary
oidc_provider=acs:ram::1234567890123456:oidc-provider/interop
oidc_issuer=https://oidc.interop.example.com
oidc_keys=crates/cloudsso-emulator/tests/data
serve_start interop-emulator \
    --oidc-provider "$oidc_provider,issuer=$oidc_issuer,client-id=sts.aliyuncs.com,keys=$oidc_keys/oidc-jwks.json"

"$venv/bin/python" interop/emulator/check_sdk.py "$server_address"
"$venv/bin/python" interop/emulator/check_sts.py "$server_address" "$oidc_keys/oidc-key.pem" \
    "$oidc_provider" "$oidc_issuer" sts.aliyuncs.com

# The SDK's last write is committed to the database, in the current schema, and the
# directories it created were deleted.
serve_check_state interop-emulator

serve_stop
echo "interop-emulator: the official SDK against the emulator passed ($((SECONDS - started)) s)"
