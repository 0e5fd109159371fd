#!/usr/bin/env bash
# Interop of `cloudsso login` (issue 14) with Alibaba Cloud's official Python credentials
# library: `cloudsso login` signs in against a loopback stand-in of the CloudSSO user portal
# and saves the profile; the library (alibabacloud-credentials, pinned in
# interop/credentials/requirements.txt, the same virtual environment as
# .ci/interop-credentials.sh) reads that profile and gets credentials from the stand-in's
# /cloud-credentials with the saved access token (interop/login/python_reads_our_profile.py).
# Then the same against the emulated user portal of `cloudsso serve`
# (interop/login/python_with_emulated_portal.py, in the official CloudSSO SDK's virtual
# environment of .ci/interop-emulator.sh, which holds the same credentials library): the SDK
# sets the directory up, plain HTTP form posts sign in (password change, TOTP binding,
# approval), the library gets credentials from the emulator's /cloud-credentials, and the
# SDK calls the emulator with them. Needs PyPI and nothing else.
set -euo pipefail
cd "$(dirname "$0")/.."
started=$SECONDS

venv=.venv-interop-credentials
requirements=interop/credentials/requirements.txt
target_dir=${CARGO_TARGET_DIR:-target}
case "$target_dir" in /*) ;; *) target_dir="$(pwd)/$target_dir" ;; esac

# shellcheck source=lib/python-venv.sh
source .ci/lib/python-venv.sh
python_venv "$venv" "$requirements"

# --workspace: the same feature set as the test run, so nothing is rebuilt.
cargo build --workspace --locked --bin cloudsso
"$venv/bin/python" interop/login/python_reads_our_profile.py "$target_dir/debug/cloudsso"

emulator_venv=.venv-interop-emulator
python_venv "$emulator_venv" interop/emulator/requirements.txt
# shellcheck source=lib/cloudsso-serve.sh
source .ci/lib/cloudsso-serve.sh
cloudsso="$target_dir/debug/cloudsso"
serve_start interop-login
"$emulator_venv/bin/python" interop/login/python_with_emulated_portal.py "$cloudsso" \
    "$server_address"
serve_stop

echo "interop-login: done ($((SECONDS - started)) s)"
